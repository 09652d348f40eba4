using System.Buffers;
using System.Security.Cryptography;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// Chunked AES-256-GCM for documents (docs/encryption-format.md): a header, then chunks of
/// <c>ciphertext ‖ tag</c>, every chunk but the last exactly the header's chunk size. Each
/// chunk's nonce is the document's random prefix and the chunk index; its associated data binds
/// tenant, document, header, index and whether it is the final chunk, so truncation (at or
/// between chunk boundaries), reordering, swapping chunks between documents and appending all
/// fail authentication. Encryption and decryption stream with two or three chunk buffers,
/// whatever the document's size, and never write plaintext anywhere but the caller's streams.
/// </summary>
public static class DocumentCipher
{
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>Ciphertext length for a given plaintext length and chunk size.</summary>
    public static long EncryptedLength(long plaintextLength, int chunkSize = DefaultChunkSize)
    {
        var chunks = Math.Max(1, (plaintextLength + chunkSize - 1) / chunkSize);
        return DocumentHeader.Size + plaintextLength + chunks * ChunkCipher.TagSize;
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> to <paramref name="destination"/> under the document
    /// key of <paramref name="key"/>, bound to the key's tenant and <paramref name="documentId"/>.
    /// Returns the plaintext length. Stops with <see cref="DocumentTooLargeException"/> as soon
    /// as more than <paramref name="maxPlaintextBytes"/> were read.
    /// </summary>
    public static async Task<long> EncryptAsync(Stream plaintext, Stream destination, DataKeyLease key, Guid documentId,
        long maxPlaintextBytes = long.MaxValue, int chunkSize = DefaultChunkSize, CancellationToken cancellationToken = default)
    {
        var header = DocumentHeader.Create(key.Version, chunkSize);
        using var cipher = new ChunkCipher(key.Key.DocumentKey, key.TenantId, documentId, header);
        return await EncryptChunksAsync(plaintext, destination, header, cipher, maxPlaintextBytes, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="header"/> and then <paramref name="plaintext"/> as sealed chunks of
    /// the header's size: the format shared by documents and backup parts. Returns the plaintext length.
    /// </summary>
    internal static async Task<long> EncryptChunksAsync(Stream plaintext, Stream destination, DocumentHeader header, ChunkCipher cipher,
        long maxPlaintextBytes, CancellationToken cancellationToken)
    {
        var chunkSize = header.ChunkSize;
        var headerBytes = new byte[DocumentHeader.Size];
        header.Write(headerBytes);

        var recordSize = chunkSize + ChunkCipher.TagSize;
        var current = ArrayPool<byte>.Shared.Rent(recordSize);
        var next = ArrayPool<byte>.Shared.Rent(recordSize);
        try
        {
            await destination.WriteAsync(headerBytes, cancellationToken);
            var currentLength = await ReadChunkAsync(plaintext, current, chunkSize, cancellationToken);
            var total = (long)currentLength;
            for (uint index = 0; ; index++)
            {
                if (total > maxPlaintextBytes)
                {
                    throw new DocumentTooLargeException(maxPlaintextBytes);
                }

                // A full chunk is final only if nothing follows it: read the next one to know.
                var nextLength = currentLength == chunkSize ? await ReadChunkAsync(plaintext, next, chunkSize, cancellationToken) : 0;
                var final = nextLength == 0;
                cipher.Seal(current, currentLength, index, final);
                await destination.WriteAsync(current.AsMemory(0, currentLength + ChunkCipher.TagSize), cancellationToken);
                if (final)
                {
                    return total;
                }

                if (index == uint.MaxValue)
                {
                    throw new DocumentTooLargeException(maxPlaintextBytes);
                }

                (current, next) = (next, current);
                currentLength = nextLength;
                total += nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current.AsSpan(0, recordSize));
            CryptographicOperations.ZeroMemory(next.AsSpan(0, recordSize));
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    /// <summary>
    /// Reads the header of an encrypted document and returns a stream of its plaintext. The key
    /// is looked up by the version the header names; when <paramref name="expectedKeyVersion"/>
    /// is given (from the document's metadata) a different header version is an integrity error.
    /// The returned stream owns <paramref name="ciphertext"/>. Each chunk is authenticated before
    /// any of it is returned; a damaged chunk, a missing final chunk or data after it make the
    /// read throw <see cref="DataIntegrityException"/> instead of ending the stream.
    /// </summary>
    public static async Task<DocumentDecryptStream> OpenAsync(
        Stream ciphertext,
        Guid tenantId,
        Guid documentId,
        Func<int, CancellationToken, ValueTask<DataKeyLease>> keyForVersion,
        int? expectedKeyVersion = null,
        Func<DataIntegrityException, ValueTask>? onIntegrityFailure = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var headerBytes = new byte[DocumentHeader.Size];
            var read = await ciphertext.ReadAtLeastAsync(headerBytes, DocumentHeader.Size, throwOnEndOfStream: false, cancellationToken);
            if (read < DocumentHeader.Size || !DocumentHeader.TryRead(headerBytes, out var header))
            {
                throw await FailAsync(new DataIntegrityException(tenantId, DocumentDecryptStream.Target, documentId, IntegrityFailure.Malformed), onIntegrityFailure);
            }

            if (expectedKeyVersion is { } expected && expected != header.KeyVersion)
            {
                throw await FailAsync(new DataIntegrityException(tenantId, DocumentDecryptStream.Target, documentId, IntegrityFailure.KeyMismatch), onIntegrityFailure);
            }

            DataKeyLease key;
            try
            {
                key = await keyForVersion(header.KeyVersion, cancellationToken);
            }
            catch (UnknownDataKeyVersionException e)
            {
                throw await FailAsync(new DataIntegrityException(tenantId, DocumentDecryptStream.Target, documentId, IntegrityFailure.UnknownKeyVersion, e), onIntegrityFailure);
            }

            using (key)
            {
                if (key.TenantId != tenantId)
                {
                    throw new ArgumentException("The key belongs to another tenant.", nameof(keyForVersion));
                }

                return new DocumentDecryptStream(ciphertext, new ChunkCipher(key.Key.DocumentKey, tenantId, documentId, header), header.ChunkSize,
                    tenantId, DocumentDecryptStream.Target, documentId, onIntegrityFailure);
            }
        }
        catch
        {
            await ciphertext.DisposeAsync();
            throw;
        }
    }

    internal static async Task<DataIntegrityException> FailAsync(DataIntegrityException failure, Func<DataIntegrityException, ValueTask>? onIntegrityFailure)
    {
        if (onIntegrityFailure is not null)
        {
            await onIntegrityFailure(failure);
        }

        return failure;
    }

    private static async ValueTask<int> ReadChunkAsync(Stream source, byte[] buffer, int chunkSize, CancellationToken cancellationToken) =>
        await source.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken);
}
