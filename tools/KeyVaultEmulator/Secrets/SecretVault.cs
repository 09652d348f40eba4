using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace Viggotech.KeyVaultEmulator.Secrets;

/// <summary>
/// The secrets and their life cycle: versions, soft delete, recover, purge. Every change is written
/// to disk before it becomes visible, and changes run one at a time so that two concurrent requests
/// never lose each other's versions. Reads take the current immutable snapshot without waiting.
/// </summary>
public sealed class SecretVault(SecretFiles files, TimeProvider time, IOptions<EmulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, StoredSecret> secrets = new(
        files.LoadAll().Select(s => KeyValuePair.Create(SecretName.Key(s.Name), s)));

    private readonly SemaphoreSlim changes = new(1, 1);

    public Task<Outcome<StoredSecret>> SetAsync(string name, string value, SecretChange change) =>
        ChangeAsync<StoredSecret>(name, existing =>
        {
            if (existing?.IsDeleted == true)
            {
                return KeyVaultError.InDeletedState(existing.Name);
            }

            var now = Now();
            var version = new SecretVersion(
                Guid.NewGuid().ToString("N"),
                value,
                change.ContentType,
                change.Tags,
                change.Enabled ?? true,
                change.NotBefore,
                change.Expires,
                now,
                now);
            return Saved(existing is null
                ? new StoredSecret(name, [version], null)
                : existing with { Versions = existing.Versions.Add(version) });
        });

    public Outcome<VersionedSecret> Get(string name, string? version)
    {
        if (!SecretName.IsValid(name))
        {
            return KeyVaultError.InvalidName(name);
        }

        if (!secrets.TryGetValue(SecretName.Key(name), out var secret) || secret.IsDeleted)
        {
            return KeyVaultError.SecretNotFound(name);
        }

        var found = string.IsNullOrEmpty(version) ? secret.Latest : secret.FindVersion(version);
        if (found is null)
        {
            return KeyVaultError.SecretNotFound(name, version);
        }

        // Key Vault serves a disabled version's properties in listings but never its value.
        return found.Enabled ? new VersionedSecret(secret.Name, found) : KeyVaultError.Disabled("get");
    }

    public Task<Outcome<VersionedSecret>> UpdateAsync(string name, string? version, SecretChange change) =>
        ChangeAsync<VersionedSecret>(name, existing =>
        {
            if (existing is null || existing.IsDeleted)
            {
                return KeyVaultError.SecretNotFound(name);
            }

            var target = string.IsNullOrEmpty(version) ? existing.Latest : existing.FindVersion(version);
            if (target is null)
            {
                return KeyVaultError.SecretNotFound(name, version);
            }

            var updated = target with
            {
                ContentType = change.ContentType ?? target.ContentType,
                Tags = change.Tags ?? target.Tags,
                Enabled = change.Enabled ?? target.Enabled,
                NotBefore = change.NotBefore ?? target.NotBefore,
                Expires = change.Expires ?? target.Expires,
                Updated = Now(),
            };
            return new Change<VersionedSecret>(
                existing with { Versions = existing.Versions.Replace(target, updated) },
                new VersionedSecret(existing.Name, updated));
        });

    public IReadOnlyList<StoredSecret> List() =>
        [.. secrets.Values.Where(s => !s.IsDeleted).OrderBy(s => SecretName.Key(s.Name), StringComparer.Ordinal)];

    public Outcome<StoredSecret> FindActive(string name)
    {
        if (!SecretName.IsValid(name))
        {
            return KeyVaultError.InvalidName(name);
        }

        return secrets.TryGetValue(SecretName.Key(name), out var secret) && !secret.IsDeleted
            ? secret
            : KeyVaultError.SecretNotFound(name);
    }

    public Task<Outcome<StoredSecret>> DeleteAsync(string name) =>
        ChangeAsync<StoredSecret>(name, existing =>
        {
            if (existing is null || existing.IsDeleted)
            {
                return KeyVaultError.SecretNotFound(name);
            }

            var now = Now();
            return Saved(existing with { Deleted = new Deletion(now, now.AddDays(options.Value.RetentionDays)) });
        });

    public Outcome<StoredSecret> GetDeleted(string name)
    {
        if (!SecretName.IsValid(name))
        {
            return KeyVaultError.InvalidName(name);
        }

        return secrets.TryGetValue(SecretName.Key(name), out var secret) && secret.IsDeleted
            ? secret
            : KeyVaultError.DeletedSecretNotFound(name);
    }

    public IReadOnlyList<StoredSecret> ListDeleted() =>
        [.. secrets.Values.Where(s => s.IsDeleted).OrderBy(s => SecretName.Key(s.Name), StringComparer.Ordinal)];

    public Task<Outcome<StoredSecret>> RecoverAsync(string name) =>
        ChangeAsync<StoredSecret>(name, existing => existing is { IsDeleted: true }
            ? Saved(existing with { Deleted = null })
            : KeyVaultError.DeletedSecretNotFound(name));

    public Task<Outcome<StoredSecret>> PurgeAsync(string name) =>
        ChangeAsync<StoredSecret>(name, existing => existing is { IsDeleted: true }
            ? new Change<StoredSecret>(null, existing)
            : KeyVaultError.DeletedSecretNotFound(name));

    /// <summary>Purges every deleted secret whose scheduled purge date is at or before <paramref name="now"/>.</summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now)
    {
        var purged = 0;
        foreach (var expired in ListDeleted().Where(s => s.Deleted!.ScheduledPurge <= now))
        {
            // Checked again under the change lock: the secret may have been recovered meanwhile.
            var outcome = await ChangeAsync<StoredSecret>(expired.Name, current =>
                current is { Deleted: { } deletion } && deletion.ScheduledPurge <= now
                    ? new Change<StoredSecret>(null, current)
                    : KeyVaultError.DeletedSecretNotFound(expired.Name));
            purged += outcome.Error is null ? 1 : 0;
        }

        return purged;
    }

    private DateTimeOffset Now()
    {
        // Key Vault reports times in whole seconds; trimming here keeps stored and served values equal.
        return DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
    }

    private static Change<StoredSecret> Saved(StoredSecret state) => new(state, state);

    /// <summary>
    /// Runs one read-modify-write of a secret. The change gives the new state (null removes the
    /// secret for good) and the value to answer with, or an error that leaves everything as it was.
    /// </summary>
    private async Task<Outcome<T>> ChangeAsync<T>(string name, Func<StoredSecret?, Outcome<Change<T>>> change)
        where T : class
    {
        if (!SecretName.IsValid(name))
        {
            return KeyVaultError.InvalidName(name);
        }

        var key = SecretName.Key(name);
        await changes.WaitAsync();
        try
        {
            var outcome = change(secrets.GetValueOrDefault(key));
            if (outcome.Error is { } error)
            {
                return error;
            }

            var (state, answer) = outcome.Value!;
            if (state is null)
            {
                files.Remove(name);
                secrets.TryRemove(key, out _);
            }
            else
            {
                files.Save(state);
                secrets[key] = state;
            }

            return answer;
        }
        finally
        {
            changes.Release();
        }
    }

    /// <summary>The new state of a secret (null: gone for good) and what to answer the caller.</summary>
    private sealed record Change<T>(StoredSecret? State, T Answer) where T : class;
}
