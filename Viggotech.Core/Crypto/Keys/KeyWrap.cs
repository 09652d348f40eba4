using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Viggotech.Core.Crypto.Keys;

/// <summary>
/// Wraps a data key under a key-encryption key with AES-256-GCM: <c>nonce(12) ‖ ciphertext(32) ‖ tag(16)</c>.
/// The associated data names the tenant, the data key version and the KEK version, so a wrapped
/// key copied to another tenant's or version's row does not unwrap.
/// </summary>
internal static class KeyWrap
{
    public const int KeySize = 32;
    public const int WrappedSize = NonceSize + KeySize + TagSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static ReadOnlySpan<byte> Label => "viggotech/dek-wrap/v1"u8;

    public static byte[] Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> dataKey, Guid tenantId, int version, string kekVersion)
    {
        var wrapped = new byte[WrappedSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(kek, TagSize);
        aes.Encrypt(nonce, dataKey, wrapped.AsSpan(NonceSize, KeySize), wrapped.AsSpan(NonceSize + KeySize), AssociatedData(tenantId, version, kekVersion));
        return wrapped;
    }

    /// <summary>Unwraps into <paramref name="dataKey"/>; throws <see cref="CryptographicException"/> when the wrapped key does not verify.</summary>
    public static void Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped, Guid tenantId, int version, string kekVersion, Span<byte> dataKey)
    {
        if (wrapped.Length != WrappedSize)
        {
            throw new CryptographicException("A wrapped data key has the wrong length.");
        }

        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, KeySize), wrapped[(NonceSize + KeySize)..], dataKey,
            AssociatedData(tenantId, version, kekVersion));
    }

    private static byte[] AssociatedData(Guid tenantId, int version, string kekVersion)
    {
        var kekVersionBytes = Encoding.ASCII.GetBytes(kekVersion);
        var aad = new byte[Label.Length + 16 + 4 + kekVersionBytes.Length];
        Label.CopyTo(aad);
        var rest = aad.AsSpan(Label.Length);
        tenantId.TryWriteBytes(rest, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(rest[16..], version);
        kekVersionBytes.CopyTo(rest[20..]);
        return aad;
    }
}
