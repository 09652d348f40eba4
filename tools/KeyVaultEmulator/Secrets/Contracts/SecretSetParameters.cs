using System.Collections.Immutable;

namespace Viggotech.KeyVaultEmulator.Secrets.Contracts;

/// <summary>Body of <c>PUT /secrets/{name}</c>.</summary>
public sealed record SecretSetParameters(
    string? Value,
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
