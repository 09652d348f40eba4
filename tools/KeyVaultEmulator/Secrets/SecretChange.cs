using System.Collections.Immutable;

namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>Properties a caller sets or updates; null means "not given".</summary>
public sealed record SecretChange(
    string? ContentType,
    ImmutableDictionary<string, string>? Tags,
    bool? Enabled,
    DateTimeOffset? NotBefore,
    DateTimeOffset? Expires);
