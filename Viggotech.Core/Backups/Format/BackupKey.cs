using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Viggotech.Core.Backups.Format;

/// <summary>
/// The random AES-256 key of one backup, held in pinned memory and zeroed on dispose. It is stored
/// only wrapped under the tenant's key-encryption key (<see cref="Wrap"/>), in the manifest, so
/// destroying the tenant's KEK makes every backup of the tenant unreadable. Parts are encrypted
/// under a key derived from it with HKDF, so the key itself never touches data.
/// </summary>
public sealed class BackupKey : IDisposable
{
    public const int KeySize = 32;
    public const int WrappedSize = NonceSize + KeySize + TagSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static ReadOnlySpan<byte> WrapLabel => "viggotech/backup-key-wrap/v1"u8;
    private static ReadOnlySpan<byte> PartKeyInfo => "viggotech backup part v1"u8;

    private readonly byte[] partKey = GC.AllocateArray<byte>(KeySize, pinned: true);
    private bool disposed;

    private BackupKey(ReadOnlySpan<byte> key) => HKDF.Expand(HashAlgorithmName.SHA256, key, partKey, PartKeyInfo);

    internal ReadOnlySpan<byte> PartKey => disposed ? throw new ObjectDisposedException(nameof(BackupKey)) : partKey;

    /// <summary>A fresh key, and its wrapped form under <paramref name="kek"/> for the manifest.</summary>
    public static (BackupKey Key, byte[] Wrapped) Create(ReadOnlySpan<byte> kek, Guid tenantId, Guid backupId, string kekVersion)
    {
        var key = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(key);
            var wrapped = new byte[WrappedSize];
            var nonce = wrapped.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using (var aes = new AesGcm(kek, TagSize))
            {
                aes.Encrypt(nonce, key, wrapped.AsSpan(NonceSize, KeySize), wrapped.AsSpan(NonceSize + KeySize), AssociatedData(tenantId, backupId, kekVersion));
            }

            return (new BackupKey(key), wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Unwraps the key of backup <paramref name="backupId"/>; throws <see cref="CryptographicException"/>
    /// when the wrapped key was altered or belongs to another backup, tenant or KEK version.
    /// </summary>
    public static BackupKey Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped, Guid tenantId, Guid backupId, string kekVersion)
    {
        if (wrapped.Length != WrappedSize)
        {
            throw new CryptographicException("A wrapped backup key has the wrong length.");
        }

        var key = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            using (var aes = new AesGcm(kek, TagSize))
            {
                aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, KeySize), wrapped[(NonceSize + KeySize)..], key,
                    AssociatedData(tenantId, backupId, kekVersion));
            }

            return new BackupKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Dispose()
    {
        disposed = true;
        CryptographicOperations.ZeroMemory(partKey);
    }

    // label ‖ tenant id ‖ backup id ‖ KEK version (ASCII): a wrapped key moved to another backup does not unwrap.
    private static byte[] AssociatedData(Guid tenantId, Guid backupId, string kekVersion)
    {
        var version = Encoding.ASCII.GetBytes(kekVersion);
        var aad = new byte[WrapLabel.Length + 16 + 16 + 2 + version.Length];
        WrapLabel.CopyTo(aad);
        var rest = aad.AsSpan(WrapLabel.Length);
        tenantId.TryWriteBytes(rest, bigEndian: true, out _);
        backupId.TryWriteBytes(rest[16..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt16BigEndian(rest[32..], checked((ushort)version.Length));
        version.CopyTo(rest[34..]);
        return aad;
    }
}
