using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// The life of a tenant's keys: created at sign-up, the key-encryption key rotated (data keys
/// re-wrapped), the data key rotated (data re-encrypted in the background), and destroyed
/// (crypto-shredding). Each operation runs in its own scope for the given tenant, so callers
/// need not be in it; callers that act for users must check that the user may manage that tenant's keys.
/// </summary>
public sealed class TenantKeys(
    IServiceScopeFactory scopes,
    KeyEncryptionKeys keyEncryptionKeys,
    DataKeyCache cache,
    IKeyEventSink events,
    TimeProvider time,
    IEnumerable<IKekVersionReferences> otherReferences)
{
    /// <summary>
    /// Creates the tenant's key-encryption key in Key Vault and its first data key. Sign-up calls
    /// it right after creating the tenant. Safe to call again: a tenant that has keys keeps them.
    /// </summary>
    public async Task CreateForTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        if (await db.Set<TenantDataKey>().AnyAsync(cancellationToken))
        {
            return;
        }

        var (kekVersion, kek) = await keyEncryptionKeys.AddVersionAsync(tenantId, cancellationToken);
        try
        {
            db.Add(NewDataKey(kek, tenantId, version: 1, kekVersion));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent call created the keys first; the KEK version made here is left unused.
            await DisableUnreferencedKekVersionsAsync(tenantId, cancellationToken);
            return;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }

        await RecordAsync(tenantId, KeyEventKind.TenantKeysCreated, 1, kekVersion, null, cancellationToken);
    }

    /// <summary>
    /// Adds a new version of the tenant's key-encryption key in Key Vault, re-wraps every data key
    /// under it in one transaction, then disables the KEK versions nothing refers to any more.
    /// Readers holding a key wrapped under an old version reload it.
    /// </summary>
    public async Task<string> RotateKeyEncryptionKeyAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        string newVersion;
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            newVersion = await db.InTransactionAsync(async ct =>
            {
                var keys = await LockKeysAsync(db, tenantId, ct);
                var (version, kek) = await keyEncryptionKeys.AddVersionAsync(tenantId, ct);
                var oldKeks = new Dictionary<string, byte[]>();
                var dataKey = new byte[KeyWrap.KeySize];
                try
                {
                    foreach (var key in keys)
                    {
                        if (!oldKeks.TryGetValue(key.KekVersion!, out var oldKek))
                        {
                            oldKek = await keyEncryptionKeys.GetAsync(tenantId, key.KekVersion!, ct);
                            oldKeks[key.KekVersion!] = oldKek;
                        }

                        KeyWrap.Unwrap(oldKek, key.WrappedKey!, tenantId, key.Version, key.KekVersion!, dataKey);
                        key.WrappedKey = KeyWrap.Wrap(kek, dataKey, tenantId, key.Version, version);
                        key.KekVersion = version;
                    }
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(dataKey);
                    CryptographicOperations.ZeroMemory(kek);
                    foreach (var oldKek in oldKeks.Values)
                    {
                        CryptographicOperations.ZeroMemory(oldKek);
                    }
                }

                await db.SaveChangesAsync(ct);
                return version;
            }, cancellationToken);
        }

        await RecordAsync(tenantId, KeyEventKind.KeyEncryptionKeyRotated, null, newVersion, null, cancellationToken);
        await DisableUnreferencedKekVersionsAsync(tenantId, cancellationToken);
        return newVersion;
    }

    /// <summary>
    /// Creates a new data key version, makes it the one new values are written under, and starts
    /// the background re-encryption of the tenant's fields and documents onto it (the Worker's
    /// <c>key-reencryption</c> job). Values stay readable throughout; the old version is retired
    /// when nothing is encrypted under it any more. Returns the new version.
    /// </summary>
    public async Task<int> RotateDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        int newVersion;
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            newVersion = await db.InTransactionAsync(async ct =>
            {
                // Rotation rows before key rows, the order the re-encryption job locks them in.
                await LockRunningRotationsAsync(db, ct);
                // Waits for writers holding the active key (they share-lock it) to commit first.
                var keys = await LockKeysAsync(db, tenantId, ct);
                var active = keys.SingleOrDefault(k => k.Status == DataKeyStatus.Active)
                    ?? throw new TenantKeyUnavailableException(tenantId, "the tenant has no active data key");
                var kek = await keyEncryptionKeys.GetAsync(tenantId, active.KekVersion!, ct);
                try
                {
                    active.Status = DataKeyStatus.Retiring;
                    await db.SaveChangesAsync(ct);

                    var version = keys.Max(k => k.Version) + 1;
                    db.Add(NewDataKey(kek, tenantId, version, active.KekVersion!));
                    await db.Set<DataKeyRotation>().Where(r => r.Status == RotationStatus.Running)
                        .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, RotationStatus.Superseded).SetProperty(x => x.UpdatedAt, time.GetUtcNow()), ct);
                    var now = time.GetUtcNow();
                    db.Add(new DataKeyRotation
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = tenantId,
                        TargetVersion = version,
                        Status = RotationStatus.Running,
                        StartedAt = now,
                        UpdatedAt = now,
                    });
                    await db.SaveChangesAsync(ct);
                    return version;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(kek);
                }
            }, cancellationToken);
        }

        await RecordAsync(tenantId, KeyEventKind.DataKeyRotated, newVersion, null, null, cancellationToken);
        return newVersion;
    }

    /// <summary>Lets a rotation that stopped at an unreadable value run again (after the value was repaired or deleted).</summary>
    public async Task ResumeRotationAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await db.Set<DataKeyRotation>().Where(r => r.Status == RotationStatus.Blocked)
            .ExecuteUpdateAsync(r => r
                .SetProperty(x => x.Status, RotationStatus.Running)
                .SetProperty(x => x.Error, (string?)null)
                .SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>The tenant's key versions, newest first, for the key management page.</summary>
    public async Task<IReadOnlyList<DataKeyInfo>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<TenantDataKey>().AsNoTracking().OrderByDescending(k => k.Version)
            .Select(k => new DataKeyInfo(k.Version, k.Status, k.KekVersion, k.CreatedAt, k.RetiredAt, k.DestroyedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest rotation and its progress, or null when the tenant never rotated its data key.</summary>
    public async Task<DataKeyRotation?> LatestRotationAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<DataKeyRotation>().AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.TargetVersion)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Crypto-shredding: forgets the tenant's wrapped data keys, then deletes and purges its
    /// key-encryption key in Key Vault, so every encrypted field and document of the tenant
    /// (and every backup of them) becomes unreadable while the rows and blobs themselves remain.
    /// Other processes stop decrypting when their cached keys expire (<see cref="CryptoOptions.KeyCacheLifetime"/>).
    /// Irreversible once purged. Safe to retry.
    /// </summary>
    public async Task<KeyEncryptionKeyDestruction> DestroyAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            await db.InTransactionAsync(async ct =>
            {
                var now = time.GetUtcNow();
                await LockRunningRotationsAsync(db, ct);
                await db.Set<TenantDataKey>().Where(k => k.Status != DataKeyStatus.Destroyed).ExecuteUpdateAsync(k => k
                    .SetProperty(x => x.Status, DataKeyStatus.Destroyed)
                    .SetProperty(x => x.WrappedKey, (byte[]?)null)
                    .SetProperty(x => x.KekVersion, (string?)null)
                    .SetProperty(x => x.DestroyedAt, now), ct);
                await db.Set<DataKeyRotation>().Where(r => r.Status == RotationStatus.Running || r.Status == RotationStatus.Blocked)
                    .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, RotationStatus.Abandoned).SetProperty(x => x.UpdatedAt, now), ct);
            }, cancellationToken);
        }

        cache.EvictTenant(tenantId);
        var destruction = await keyEncryptionKeys.DestroyAsync(tenantId, cancellationToken);
        await RecordAsync(tenantId, KeyEventKind.TenantKeyDestroyed, null, null,
            destruction.Purged ? "purged" : $"deleted, purge scheduled {destruction.ScheduledPurgeDate:O}", cancellationToken);
        return destruction;
    }

    /// <summary>
    /// Disables every KEK version that neither a data key nor anything else (<see cref="IKekVersionReferences"/>,
    /// such as a retained backup) refers to any more. Runs after each KEK rotation, and after backups expire.
    /// </summary>
    public async Task DisableUnreferencedKekVersionsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // Under the key rows' lock: a concurrent rotation cannot have made a version that its
        // uncommitted re-wrap is about to reference.
        var disabled = await db.InTransactionAsync(async ct =>
        {
            var keys = await LockKeysAsync(db, tenantId, ct);
            var referenced = keys.Select(k => k.KekVersion!).ToHashSet(StringComparer.Ordinal);
            foreach (var references in otherReferences)
            {
                referenced.UnionWith(await references.ReferencedVersionsAsync(db, ct));
            }

            return await keyEncryptionKeys.DisableVersionsExceptAsync(tenantId, referenced, ct);
        }, cancellationToken);
        foreach (var version in disabled)
        {
            await RecordAsync(tenantId, KeyEventKind.KeyEncryptionKeyVersionDisabled, null, version, null, cancellationToken);
        }
    }

    private static Task LockRunningRotationsAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"select 1 from data_key_rotations where status in ('running', 'blocked') for update", cancellationToken);

    private static async Task<List<TenantDataKey>> LockKeysAsync(PlatformDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var keys = await db.Set<TenantDataKey>()
            .FromSql($"select * from tenant_data_keys where status <> 'destroyed' order by version for update")
            .ToListAsync(cancellationToken);
        return keys.Count > 0 ? keys : throw new TenantKeyUnavailableException(tenantId, "the tenant has no keys, or they were destroyed");
    }

    private static TenantDataKey NewDataKey(ReadOnlySpan<byte> kek, Guid tenantId, int version, string kekVersion)
    {
        var dataKey = RandomNumberGenerator.GetBytes(KeyWrap.KeySize);
        try
        {
            return new TenantDataKey
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Version = version,
                WrappedKey = KeyWrap.Wrap(kek, dataKey, tenantId, version, kekVersion),
                KekVersion = kekVersion,
                Status = DataKeyStatus.Active,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private ValueTask RecordAsync(Guid tenantId, KeyEventKind kind, int? version, string? kekVersion, string? detail, CancellationToken cancellationToken) =>
        events.RecordAsync(new KeyEvent(tenantId, kind, time.GetUtcNow(), version, kekVersion, detail), cancellationToken);
}
