using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Documents;

namespace Viggotech.Core.Backups.Format;

/// <summary>
/// Backup parts in the chunked AES-256-GCM format of documents (docs/encryption-format.md), under
/// the backup's part key and with their own associated-data label, bound to the tenant and the
/// part's id: a part cannot be swapped with another backup's, reordered, cut short or extended
/// without failing authentication. The header's key version field is always 1.
/// </summary>
public static class BackupPartCipher
{
    public const int KeyVersion = 1;
    internal const string Target = "backup.part";
    private static ReadOnlySpan<byte> Label => "viggotech/backup-part/v1"u8;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/>; returns the plaintext length.</summary>
    public static async Task<long> EncryptAsync(Stream plaintext, Stream destination, BackupKey key, Guid tenantId, Guid partId, int chunkSize,
        CancellationToken cancellationToken)
    {
        var header = DocumentHeader.Create(KeyVersion, chunkSize);
        using var cipher = new ChunkCipher(key.PartKey, Label, tenantId, partId, header);
        return await DocumentCipher.EncryptChunksAsync(plaintext, destination, header, cipher, long.MaxValue, cancellationToken);
    }

    /// <summary>
    /// The plaintext of a part, authenticated chunk by chunk; a damaged part makes the read throw
    /// <see cref="DataIntegrityException"/> (target <c>backup.part</c>). The stream owns <paramref name="ciphertext"/>.
    /// </summary>
    public static async Task<Stream> OpenAsync(Stream ciphertext, BackupKey key, Guid tenantId, Guid partId, CancellationToken cancellationToken)
    {
        try
        {
            var headerBytes = new byte[DocumentHeader.Size];
            var read = await ciphertext.ReadAtLeastAsync(headerBytes, DocumentHeader.Size, throwOnEndOfStream: false, cancellationToken);
            if (read < DocumentHeader.Size || !DocumentHeader.TryRead(headerBytes, out var header) || header.KeyVersion != KeyVersion)
            {
                throw new DataIntegrityException(tenantId, Target, partId, IntegrityFailure.Malformed);
            }

            return new DocumentDecryptStream(ciphertext, new ChunkCipher(key.PartKey, Label, tenantId, partId, header), header.ChunkSize,
                tenantId, Target, partId, onIntegrityFailure: null);
        }
        catch
        {
            await ciphertext.DisposeAsync();
            throw;
        }
    }
}
