using System.Collections.Immutable;

namespace Viggotech.KeyVaultEmulator.Secrets.Contracts;

/// <summary>Body of <c>PATCH /secrets/{name}/{version}</c>: properties only, never the value.</summary>
public sealed record SecretUpdateParameters(
    string? ContentType,
    Dictionary<string, string>? Tags,
    SecretAttributes? Attributes)
{
    public SecretChange ToChange() => new(
        ContentType,
        Tags?.ToImmutableDictionary(),
        Attributes?.Enabled,
        SecretAttributes.Time(Attributes?.Nbf),
        SecretAttributes.Time(Attributes?.Exp));
}
