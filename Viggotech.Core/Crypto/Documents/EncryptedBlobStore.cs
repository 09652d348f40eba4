using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Crypto.Documents;

/// <summary>
/// Encrypted documents in a blob container: uploads encrypt while they stream into staged
/// blocks and become a blob only when complete; downloads decrypt while they stream out of the
/// blob. Memory use is a few chunks plus one block buffer, whatever the size.
/// </summary>
public sealed class EncryptedBlobStore(BlobContainerClient container, int blockSize = EncryptedBlobStore.DefaultBlockSize, int chunkSize = DocumentCipher.DefaultChunkSize)
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    public BlobContainerClient Container => container;

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into the blob <paramref name="blobName"/>. On any
    /// failure (including <see cref="DocumentTooLargeException"/> and cancellation) no blob is
    /// committed. Returns the plaintext length.
    /// </summary>
    public async Task<long> UploadAsync(string blobName, Stream plaintext, DataKeyLease key, Guid documentId, long maxPlaintextBytes,
        bool overwrite = false, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlockBlobClient(blobName);
        await using var staging = new BlockStagingStream(blob, blockSize);
        var length = await DocumentCipher.EncryptAsync(plaintext, staging, key, documentId, maxPlaintextBytes, chunkSize, cancellationToken);
        await staging.CommitAsync(overwrite, cancellationToken);
        return length;
    }

    /// <summary>
    /// Opens the blob and returns its plaintext as a stream (see <see cref="DocumentCipher.OpenAsync"/>).
    /// The blob is read in ranges pinned to its ETag: if it changes during the read, the read fails.
    /// Throws <see cref="RequestFailedException"/> (404) when the blob does not exist.
    /// </summary>
    public async Task<DocumentDecryptStream> OpenReadAsync(string blobName, Guid tenantId, Guid documentId,
        Func<int, CancellationToken, ValueTask<DataKeyLease>> keyForVersion, int? expectedKeyVersion = null,
        Func<DataIntegrityException, ValueTask>? onIntegrityFailure = null, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlobClient(blobName);
        var ciphertext = new ReadAheadStream(
            await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = blockSize }, cancellationToken), blockSize);
        return await DocumentCipher.OpenAsync(ciphertext, tenantId, documentId, keyForVersion, expectedKeyVersion, onIntegrityFailure, cancellationToken);
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
