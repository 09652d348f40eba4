using System.Runtime.ExceptionServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// Encrypted documents in a blob container. An upload of known length streams, encrypting as it
/// goes, into one Put Blob request (up to <paramref name="singleRequestMaxBytes"/>, the storage
/// SDK's own single-upload threshold): the service makes the blob visible only once the whole
/// body arrived. Longer uploads, or uploads of unknown length, encrypt into staged blocks that
/// become a blob only when committed. Downloads decrypt while they stream out of one GET of the
/// blob. Either way memory use is a few chunks plus block buffers, whatever the size.
/// </summary>
public sealed class EncryptedBlobStore(
    BlobContainerClient container,
    int blockSize = EncryptedBlobStore.DefaultBlockSize,
    int chunkSize = DocumentCipher.DefaultChunkSize,
    long singleRequestMaxBytes = EncryptedBlobStore.DefaultSingleRequestMaxBytes)
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    public const long DefaultSingleRequestMaxBytes = 256L * 1024 * 1024;

    /// <summary>How far sealing runs ahead of an upload's sending, and opening ahead of a download's reader.</summary>
    public const int PlaintextAheadSize = 1024 * 1024;

    public BlobContainerClient Container => container;

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into the blob <paramref name="blobName"/>. On any
    /// failure (including <see cref="DocumentTooLargeException"/> and cancellation) no blob is
    /// committed. Returns the plaintext length. <paramref name="plaintextLength"/>, when known
    /// (an upload's <c>Content-Length</c>), must be exact: content that ends sooner or goes on
    /// longer fails with <see cref="IOException"/> and nothing is stored.
    /// </summary>
    public async Task<long> UploadAsync(string blobName, Stream plaintext, DataKeyLease key, Guid documentId, long maxPlaintextBytes,
        bool overwrite = false, CancellationToken cancellationToken = default, long? plaintextLength = null)
    {
        if (plaintextLength > maxPlaintextBytes)
        {
            throw new DocumentTooLargeException(maxPlaintextBytes);
        }

        var blob = container.GetBlockBlobClient(blobName);
        if (plaintextLength is > 0 and var known && DocumentCipher.EncryptedLength(known, chunkSize) <= singleRequestMaxBytes)
        {
            var header = DocumentHeader.Create(key.Version, chunkSize);
            using var cipher = new ChunkCipher(key.Key.DocumentKey, key.TenantId, documentId, header);
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await using var encrypted = new EncryptingReadStream(plaintext, header, cipher, known, abort);
            // Sealed one buffer ahead on another thread, while the storage client sends the buffer before.
            await using var ahead = new ReadAheadStream(encrypted, PlaintextAheadSize, background: true, length: encrypted.Length);
            try
            {
                await blob.UploadAsync(ahead, new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
                    Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, abort.Token);
            }
            catch (Exception) when (encrypted.Failure is { } failure)
            {
                // The storage client reports the aborted request; what matters is why it was aborted.
                ExceptionDispatchInfo.Throw(failure);
            }

            return known;
        }

        await using var staging = new BlockStagingStream(blob, blockSize);
        var length = await DocumentCipher.EncryptAsync(plaintext, staging, key, documentId, maxPlaintextBytes, chunkSize, cancellationToken);
        await staging.CommitAsync(overwrite, cancellationToken);
        return length;
    }

    /// <summary>
    /// Opens the blob and returns its plaintext as a stream (see <see cref="DocumentCipher.OpenAsync"/>).
    /// One GET for the whole blob, read one buffer ahead; if the connection breaks, the storage
    /// client resumes from where it was only while the blob is unchanged (its ETag), else the read fails.
    /// Chunks are opened one buffer (<see cref="PlaintextAheadSize"/>) ahead of the reader on another
    /// thread, so opening them and sending what was opened before run at the same time; the reader
    /// still gets only verified plaintext, and a damaged chunk fails its read after everything before it.
    /// Throws <see cref="RequestFailedException"/> (404) when the blob does not exist.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string blobName, Guid tenantId, Guid documentId,
        Func<int, CancellationToken, ValueTask<DataKeyLease>> keyForVersion, int? expectedKeyVersion = null,
        Func<DataIntegrityException, ValueTask>? onIntegrityFailure = null, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlobClient(blobName);
        var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken);
        var ciphertext = new ReadAheadStream(download.Value.Content, blockSize);
        var plaintext = await DocumentCipher.OpenAsync(ciphertext, tenantId, documentId, keyForVersion, expectedKeyVersion, onIntegrityFailure, cancellationToken);
        return new ReadAheadStream(plaintext, PlaintextAheadSize, background: true);
    }

    /// <summary>Deletes every blob whose name starts with <paramref name="prefix"/>; returns how many.</summary>
    public async Task<int> DeleteAllAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            if (await container.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }
}
