using System.Security.Cryptography;
using Npgsql;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Backups.Restore;

/// <summary>
/// The data keys a backup's values are under, unwrapped from the backup's own
/// <c>tenant_data_keys</c> rows with the source tenant's key-encryption key versions they name
/// (which retention keeps enabled while a backup refers to them). Held until disposed; each
/// <see cref="Lease"/> is a separate reference, as the document cipher disposes the one it gets.
/// </summary>
internal sealed class BackupDataKeys : IDisposable
{
    private readonly Guid tenantId;
    private readonly Dictionary<int, DataKey> keys;

    private BackupDataKeys(Guid tenantId, Dictionary<int, DataKey> keys)
    {
        this.tenantId = tenantId;
        this.keys = keys;
    }

    public static async Task<BackupDataKeys> LoadAsync(ScratchSession session, Guid tenantId, KeyEncryptionKeys keyEncryptionKeys, CancellationToken cancellationToken)
    {
        var wrapped = new List<(int Version, byte[] Key, string KekVersion)>();
        await using (var command = new NpgsqlCommand(
                         "SELECT version, wrapped_key, kek_version FROM public.tenant_data_keys WHERE tenant_id = $1 AND wrapped_key IS NOT NULL AND kek_version IS NOT NULL",
                         session.Connection, session.Transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                wrapped.Add((reader.GetInt32(0), reader.GetFieldValue<byte[]>(1), reader.GetString(2)));
            }
        }

        if (wrapped.Count == 0)
        {
            throw new TenantKeyDestroyedException(tenantId);
        }

        var keks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var keys = new Dictionary<int, DataKey>();
        var dataKey = new byte[KeyWrap.KeySize];
        try
        {
            foreach (var (version, key, kekVersion) in wrapped)
            {
                if (!keks.TryGetValue(kekVersion, out var kek))
                {
                    kek = await keyEncryptionKeys.GetAsync(tenantId, kekVersion, cancellationToken);
                    keks[kekVersion] = kek;
                }

                try
                {
                    KeyWrap.Unwrap(kek, key, tenantId, version, kekVersion, dataKey);
                }
                catch (CryptographicException e)
                {
                    throw new DataIntegrityException(tenantId, "tenant_data_keys.wrapped_key", Guid.Empty, IntegrityFailure.AuthenticationFailed, e);
                }

                keys[version] = new DataKey(tenantId, version, dataKey);
            }
        }
        catch
        {
            foreach (var key in keys.Values)
            {
                key.Release();
            }

            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            foreach (var kek in keks.Values)
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }

        return new BackupDataKeys(tenantId, keys);
    }

    /// <exception cref="UnknownDataKeyVersionException">The backup holds no such key version: the value is not the backup's.</exception>
    public DataKeyLease Lease(int version) =>
        keys.TryGetValue(version, out var key) && key.TryRetain() ? new DataKeyLease(key) : throw new UnknownDataKeyVersionException(tenantId, version);

    public void Dispose()
    {
        foreach (var key in keys.Values)
        {
            key.Release();
        }

        keys.Clear();
    }
}
