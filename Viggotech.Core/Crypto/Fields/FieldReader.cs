using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Fields;

/// <summary>
/// Decrypts the encrypted fields of one tenant's rows, fetching each key version a value names
/// once and holding it until disposed. Every integrity failure is recorded before it is thrown.
/// </summary>
public sealed class FieldReader(TenantKeyring keyring, IKeyEventSink events, TimeProvider time) : IDisposable
{
    private readonly Dictionary<int, DataKeyLease> leases = [];

    public async ValueTask<string?> ReadAsync(EncryptedColumn column, Guid rowId, byte[]? envelope, CancellationToken cancellationToken = default)
    {
        if (envelope is null)
        {
            return null;
        }

        var key = await KeyForAsync(column, rowId, envelope, cancellationToken);
        return await GuardAsync(key.Version, () => FieldCipher.DecryptString(key, column, rowId, envelope), cancellationToken);
    }

    /// <summary>The plaintext bytes, for moving a value between keys; the caller zeroes them.</summary>
    public async ValueTask<byte[]> ReadBytesAsync(EncryptedColumn column, Guid rowId, byte[] envelope, CancellationToken cancellationToken = default)
    {
        var key = await KeyForAsync(column, rowId, envelope, cancellationToken);
        return await GuardAsync(key.Version, () =>
        {
            var plaintext = new byte[FieldCipher.PlaintextLength(envelope)];
            FieldCipher.Decrypt(key, column, rowId, envelope, plaintext);
            return plaintext;
        }, cancellationToken);
    }

    private async ValueTask<DataKeyLease> KeyForAsync(EncryptedColumn column, Guid rowId, byte[] envelope, CancellationToken cancellationToken)
    {
        var tenantId = keyring.TenantId;
        int? version = null;
        try
        {
            version = FieldCipher.KeyVersion(tenantId, column, rowId, envelope);
            return await KeyAsync(version.Value, cancellationToken);
        }
        catch (UnknownDataKeyVersionException e)
        {
            var failure = new DataIntegrityException(tenantId, column.ToString(), rowId, IntegrityFailure.UnknownKeyVersion, e);
            await RecordAsync(failure, version, cancellationToken);
            throw failure;
        }
        catch (DataIntegrityException e)
        {
            await RecordAsync(e, version, cancellationToken);
            throw;
        }
    }

    private async ValueTask<T> GuardAsync<T>(int version, Func<T> decrypt, CancellationToken cancellationToken)
    {
        try
        {
            return decrypt();
        }
        catch (DataIntegrityException e)
        {
            await RecordAsync(e, version, cancellationToken);
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lease in leases.Values)
        {
            lease.Dispose();
        }

        leases.Clear();
    }

    private async ValueTask<DataKeyLease> KeyAsync(int version, CancellationToken cancellationToken)
    {
        if (!leases.TryGetValue(version, out var lease))
        {
            lease = await keyring.AcquireAsync(version, cancellationToken);
            leases[version] = lease;
        }

        return lease;
    }

    private ValueTask RecordAsync(DataIntegrityException failure, int? version, CancellationToken cancellationToken) =>
        events.RecordAsync(new KeyEvent(failure.TenantId, KeyEventKind.IntegrityFailure, time.GetUtcNow(), version, null,
            $"{failure.Target} row {failure.RowId}: {failure.Failure}"), cancellationToken);
}
