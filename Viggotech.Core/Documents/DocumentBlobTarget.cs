using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Rotation;

namespace Viggotech.Core.Documents;

/// <summary>
/// Moves documents' content onto the target data key: each document is decrypted from its blob
/// while it is encrypted into a new blob beside it, then the metadata is switched to the new
/// blob in the batch's transaction and the old blob is queued for deletion after a grace period
/// (downloads already reading it finish). Plaintext exists only in memory, one chunk at a time.
/// </summary>
internal sealed class DocumentBlobTarget(DocumentContainer container, IOptions<CryptoOptions> options) : IReencryptionTarget
{
    public string Name => "blobs:documents";

    public async Task<ReencryptionBatchResult> ReencryptBatchAsync(ReencryptionBatch batch, Guid? cursor, CancellationToken cancellationToken)
    {
        var from = cursor ?? Guid.Empty;
        var version = batch.Target.Version;
        var documents = await batch.Db.Set<DocumentRecord>()
            .FromSql($"select * from documents where id > {from} and key_version <> {version} order by id limit {batch.DocumentBatchSize} for update")
            .ToListAsync(cancellationToken);
        if (documents.Count == 0)
        {
            return new ReencryptionBatchResult(cursor, 0, 0, Finished: true);
        }

        var store = await container.StoreAsync(cancellationToken);
        foreach (var document in documents)
        {
            var newBlob = DocumentsTable.BlobName(document.TenantId, document.Id, version);
            await using (var plaintext = await store.OpenReadAsync(document.BlobName, document.TenantId, document.Id,
                             (v, ct) => batch.Keyring.AcquireAsync(v, ct), document.KeyVersion, cancellationToken: cancellationToken))
            {
                // Overwrite: a previous attempt that died before its commit may have left this blob.
                await store.UploadAsync(newBlob, plaintext, batch.Target, document.Id, long.MaxValue, overwrite: true, cancellationToken, document.Size);
            }

            batch.Db.Add(new BlobDeletion
            {
                Id = Guid.CreateVersion7(),
                TenantId = document.TenantId,
                BlobPrefix = document.BlobName,
                NotBefore = batch.Now + options.Value.ReplacedBlobGracePeriod,
            });
            document.BlobName = newBlob;
            document.KeyVersion = version;
        }

        await batch.Db.SaveChangesAsync(cancellationToken);
        return new ReencryptionBatchResult(documents[^1].Id, 0, documents.Count, Finished: documents.Count < batch.DocumentBatchSize);
    }

    public Task<bool> HasOtherVersionsAsync(ReencryptionBatch batch, CancellationToken cancellationToken) =>
        batch.Db.Set<DocumentRecord>().AnyAsync(d => d.KeyVersion != batch.Target.Version, cancellationToken);
}
