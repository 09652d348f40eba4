using System.Collections.Immutable;

namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>A secret with all of its versions, oldest first; the last one is the current version.</summary>
public sealed record StoredSecret(string Name, ImmutableList<SecretVersion> Versions, Deletion? Deleted)
{
    public SecretVersion Latest => Versions[^1];

    public bool IsDeleted => Deleted is not null;

    public SecretVersion? FindVersion(string version) =>
        Versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One immutable value of a secret; only its properties can change after it is set.</summary>
public sealed record SecretVersion(
    string Version,
    string Value,
    string? ContentType,
    ImmutableDictionary<string, string>? Tags,
    bool Enabled,
    DateTimeOffset? NotBefore,
    DateTimeOffset? Expires,
    DateTimeOffset Created,
    DateTimeOffset Updated);

/// <summary>When a secret was soft-deleted and when it stops being recoverable.</summary>
public sealed record Deletion(DateTimeOffset DeletedOn, DateTimeOffset ScheduledPurge);
