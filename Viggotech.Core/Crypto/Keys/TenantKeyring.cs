using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Data;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// The data keys of the scope's tenant: found by version in the cache, else read wrapped from
/// <c>tenant_data_keys</c> and unwrapped with the KEK version it names from Key Vault.
/// </summary>
public sealed class TenantKeyring(PlatformDbContext db, KeyEncryptionKeys keyEncryptionKeys, DataKeyCache cache, IKeyEventSink events, TimeProvider time)
{
    public Guid TenantId => db.TenantId ?? throw new InvalidOperationException("Encrypted data is only reachable inside a tenant's scope.");

    /// <summary>A lease on one data key version; throws <see cref="UnknownDataKeyVersionException"/> when the tenant has no such version.</summary>
    public async ValueTask<DataKeyLease> AcquireAsync(int version, CancellationToken cancellationToken = default)
    {
        var tenantId = TenantId;
        return cache.TryAcquire(tenantId, version) ?? await LoadAsync(tenantId, version, cancellationToken);
    }

    /// <summary>
    /// The active key, for encrypting new values, share-locked until the surrounding transaction
    /// ends: a rotation cannot retire it while a writer that chose it has not committed, so the
    /// re-encryption job always sees every value written under it.
    /// </summary>
    public async Task<DataKeyLease> AcquireForWriteAsync(CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Encrypting for a write must happen inside the write's transaction (db.InTransactionAsync).");
        }

        // A rotation committing while this waits for the lock turns the row it found into a
        // retiring one, and the new active row is newer than this statement: look again then.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var versions = await db.Database
                .SqlQuery<int>($"select version as \"Value\" from tenant_data_keys where status = 'active' for share")
                .ToListAsync(cancellationToken);
            if (versions is [var version])
            {
                return await AcquireAsync(version, cancellationToken);
            }
        }

        throw await NoActiveKeyAsync(cancellationToken);
    }

    /// <summary>The version new values are written under, without locking it (for work that locks it later, like document uploads).</summary>
    public async Task<int> ActiveVersionAsync(CancellationToken cancellationToken = default)
    {
        var versions = await db.Set<TenantDataKey>().AsNoTracking()
            .Where(k => k.Status == DataKeyStatus.Active).Select(k => k.Version).ToListAsync(cancellationToken);
        return versions is [var version] ? version : throw await NoActiveKeyAsync(cancellationToken);
    }

    /// <summary>Versions stored values may be under right now: the active one and any still being re-encrypted away from.</summary>
    public async Task<IReadOnlyList<int>> ReadableVersionsAsync(CancellationToken cancellationToken = default)
    {
        var versions = await db.Set<TenantDataKey>().AsNoTracking()
            .Where(k => k.Status == DataKeyStatus.Active || k.Status == DataKeyStatus.Retiring)
            .OrderByDescending(k => k.Version).Select(k => k.Version).ToListAsync(cancellationToken);
        return versions.Count > 0 ? versions : throw await NoActiveKeyAsync(cancellationToken);
    }

    /// <summary>A reader that decrypts fields of this tenant, holding each key version it needs until disposed.</summary>
    public FieldReader CreateReader() => new(this, events, time);

    private async Task<DataKeyLease> LoadAsync(Guid tenantId, int version, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.Set<TenantDataKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Version == version, cancellationToken)
                ?? throw new UnknownDataKeyVersionException(tenantId, version);
            if (row.Status == DataKeyStatus.Destroyed || row.WrappedKey is null || row.KekVersion is null)
            {
                throw new TenantKeyDestroyedException(tenantId);
            }

            byte[] kek;
            try
            {
                kek = await keyEncryptionKeys.GetAsync(tenantId, row.KekVersion, cancellationToken);
            }
            catch (KekVersionDisabledException e)
            {
                // A KEK rotation re-wrapped the key and disabled the version this row named when it was read.
                if (attempt < 2)
                {
                    continue;
                }

                throw new TenantKeyUnavailableException(tenantId, "the key-encryption key version is disabled", e);
            }

            var dataKey = new byte[KeyWrap.KeySize];
            try
            {
                KeyWrap.Unwrap(kek, row.WrappedKey, tenantId, version, row.KekVersion, dataKey);
                return cache.Add(new DataKey(tenantId, version, dataKey));
            }
            catch (CryptographicException e)
            {
                await events.RecordAsync(new KeyEvent(tenantId, KeyEventKind.IntegrityFailure, time.GetUtcNow(), version, row.KekVersion,
                    "tenant_data_keys: wrapped data key does not verify"), cancellationToken);
                throw new DataIntegrityException(tenantId, "tenant_data_keys.wrapped_key", row.Id, IntegrityFailure.AuthenticationFailed, e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(kek);
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
    }

    private async Task<Exception> NoActiveKeyAsync(CancellationToken cancellationToken) =>
        await db.Set<TenantDataKey>().AnyAsync(k => k.Status == DataKeyStatus.Destroyed, cancellationToken)
            ? new TenantKeyDestroyedException(TenantId)
            : new TenantKeyUnavailableException(TenantId, "the tenant has no active data key (were its keys created at sign-up?)");
}
