using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// One unwrapped data key version of one tenant, held as the three keys derived from it with
/// HKDF-SHA256: field encryption, document encryption and blind index. The raw data key is
/// zeroed as soon as they are derived; the derived keys are zeroed when the last lease ends
/// after the cache let go of it. AES-GCM instances for fields are pooled, since creating one
/// costs a key schedule and a native context.
/// </summary>
public sealed class DataKey
{
    private static ReadOnlySpan<byte> FieldInfo => "viggotech field encryption v1"u8;
    private static ReadOnlySpan<byte> DocumentInfo => "viggotech document encryption v1"u8;
    private static ReadOnlySpan<byte> IndexInfo => "viggotech blind index v1"u8;

    private readonly byte[] fieldKey = GC.AllocateArray<byte>(KeyWrap.KeySize, pinned: true);
    private readonly byte[] documentKey = GC.AllocateArray<byte>(KeyWrap.KeySize, pinned: true);
    private readonly byte[] indexKey = GC.AllocateArray<byte>(KeyWrap.KeySize, pinned: true);
    private readonly ConcurrentQueue<AesGcm> fieldCiphers = new();
    private readonly int poolLimit = Math.Max(4, Environment.ProcessorCount * 2);
    private int pooled;
    private int references = 1;

    internal DataKey(Guid tenantId, int version, ReadOnlySpan<byte> dataKey)
    {
        TenantId = tenantId;
        Version = version;
        HKDF.Expand(HashAlgorithmName.SHA256, dataKey, fieldKey, FieldInfo);
        HKDF.Expand(HashAlgorithmName.SHA256, dataKey, documentKey, DocumentInfo);
        HKDF.Expand(HashAlgorithmName.SHA256, dataKey, indexKey, IndexInfo);
    }

    public Guid TenantId { get; }

    public int Version { get; }

    internal ReadOnlySpan<byte> DocumentKey => documentKey;

    internal ReadOnlySpan<byte> IndexKey => indexKey;

    internal AesGcm RentFieldCipher() =>
        fieldCiphers.TryDequeue(out var cipher) ? Taken(cipher) : new AesGcm(fieldKey, FieldTagSize);

    internal void ReturnFieldCipher(AesGcm cipher)
    {
        if (Interlocked.Increment(ref pooled) <= poolLimit)
        {
            fieldCiphers.Enqueue(cipher);
            return;
        }

        Interlocked.Decrement(ref pooled);
        cipher.Dispose();
    }

    internal const int FieldTagSize = 16;

    /// <summary>Adds a reference unless the key is already released for good.</summary>
    internal bool TryRetain()
    {
        var current = Volatile.Read(ref references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref references) != 0)
        {
            return;
        }

        while (fieldCiphers.TryDequeue(out var cipher))
        {
            cipher.Dispose();
        }

        CryptographicOperations.ZeroMemory(fieldKey);
        CryptographicOperations.ZeroMemory(documentKey);
        CryptographicOperations.ZeroMemory(indexKey);
    }

    private AesGcm Taken(AesGcm cipher)
    {
        Interlocked.Decrement(ref pooled);
        return cipher;
    }
}
