using System.Security.Cryptography;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// The right to use one data key until disposed. While any lease is open the key material stays
/// in memory, even if the cache's lifetime for it ends meanwhile.
/// </summary>
public sealed class DataKeyLease : IDisposable
{
    private DataKey? key;

    internal DataKeyLease(DataKey key) => this.key = key;

    public Guid TenantId => Key.TenantId;

    public int Version => Key.Version;

    internal DataKey Key => key ?? throw new ObjectDisposedException(nameof(DataKeyLease));

    internal AesGcm RentFieldCipher() => Key.RentFieldCipher();

    internal void ReturnFieldCipher(AesGcm cipher) => Key.ReturnFieldCipher(cipher);

    public void Dispose() => Interlocked.Exchange(ref key, null)?.Release();
}
