using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Fields;

/// <summary>
/// A keyed blind index for equality search on an encrypted column: HMAC-SHA256 under the
/// tenant's index key (derived from the data key version) over a fixed label, the column's
/// table and name, and the normalised value. Equal normalised values give equal indexes within
/// one tenant, key version and column; nothing else about the value can be learned without the key.
/// </summary>
public static class BlindIndex
{
    public const int Size = 32;
    private const int StackLimit = 512;
    private static ReadOnlySpan<byte> Label => "viggotech/blind-index/v1"u8;

    public static byte[] Compute(DataKeyLease key, EncryptedColumn column, string normalisedValue)
    {
        var length = Label.Length + column.Label.Length + Encoding.UTF8.GetByteCount(normalisedValue);
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        var input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            Label.CopyTo(input);
            column.Label.Span.CopyTo(input[Label.Length..]);
            Encoding.UTF8.GetBytes(normalisedValue, input[(Label.Length + column.Label.Length)..]);
            return HMACSHA256.HashData(key.Key.IndexKey, input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
