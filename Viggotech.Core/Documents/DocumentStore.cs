using Azure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Events;
using Viggotech.Core.Crypto.Fields;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;

namespace Viggotech.Core.Documents;

/// <summary>
/// The documents of the scope's tenant: metadata in <c>documents</c> (name encrypted), content
/// encrypted in blob storage, streamed both ways without holding a whole file in memory.
/// An upload commits its blob only when the content is complete, and its metadata only after
/// that; a failure at any step leaves neither behind (an abandoned-upload record, written before
/// the upload starts, lets the sweep remove the blob even if the process dies mid-way).
/// </summary>
public sealed class DocumentStore(
    PlatformDbContext db,
    TenantKeyring keyring,
    DocumentContainer container,
    IOptions<DocumentsOptions> options,
    IKeyEventSink events,
    TimeProvider time)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// Stores a document. <paramref name="maxBytes"/> is the tenant's limit (default
    /// <see cref="DocumentsOptions.DefaultMaxUploadBytes"/>); content over it or empty content is
    /// refused with <see cref="DocumentRejectedException"/>.
    /// </summary>
    public async Task<DocumentInfo> UploadAsync(DocumentUpload upload, Stream content, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        var errors = upload.Validate();
        if (errors.Count > 0)
        {
            throw new DocumentRejectedException(errors);
        }

        var limit = maxBytes ?? options.Value.DefaultMaxUploadBytes;
        var store = await container.StoreAsync(cancellationToken);
        var tenantId = keyring.TenantId;
        var id = Guid.CreateVersion7();
        var prefix = DocumentsTable.BlobPrefix(tenantId, id);

        var abandoned = new BlobDeletion
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            BlobPrefix = prefix,
            NotBefore = time.GetUtcNow() + options.Value.AbandonedUploadAfter,
        };
        db.Add(abandoned);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        try
        {
            var version = await keyring.ActiveVersionAsync(cancellationToken);
            var blobName = DocumentsTable.BlobName(tenantId, id, version);
            long size;
            using (var key = await keyring.AcquireAsync(version, cancellationToken))
            {
                size = await store.UploadAsync(blobName, content, key, id, limit, overwrite: false, cancellationToken, upload.Length);
            }

            if (size == 0)
            {
                throw DocumentRejectedException.Content("The file is empty.");
            }

            return await db.InTransactionAsync(async ct =>
            {
                // The sweep holds this row locked while it deletes; if it got there first the blob is gone.
                if (await db.Set<BlobDeletion>().Where(d => d.Id == abandoned.Id).ExecuteDeleteAsync(ct) != 1)
                {
                    throw new TimeoutException("The upload took longer than the abandoned-upload limit and was removed.");
                }

                // A rotation that finished during the upload has retired the version the content is under.
                var usable = await db.Database.SqlQuery<int>(
                    $"select version as \"Value\" from tenant_data_keys where version = {version} and status in ('active', 'retiring') for share").ToListAsync(ct);
                if (usable.Count == 0)
                {
                    throw new TenantKeyUnavailableException(tenantId, "the data key was rotated while the document was uploading; upload it again");
                }

                using var writeKey = await keyring.AcquireForWriteAsync(ct);
                var now = Now();
                var record = new DocumentRecord
                {
                    Id = id,
                    TenantId = tenantId,
                    Name = FieldCipher.Encrypt(writeKey, DocumentsTable.FileName, id, upload.Name.Trim()),
                    Size = size,
                    ContentType = upload.ContentType,
                    UploaderId = upload.UploaderId,
                    CreatedAt = now,
                    BlobName = blobName,
                    KeyVersion = version,
                };
                db.Add(record);
                await db.SaveChangesAsync(ct);
                return new DocumentInfo(id, upload.Name.Trim(), size, upload.ContentType, upload.UploaderId, now);
            }, cancellationToken);
        }
        catch (DocumentTooLargeException e)
        {
            await DiscardAsync(store, abandoned.Id, prefix);
            throw DocumentRejectedException.Content($"The file is larger than the limit of {FormatBytes(e.Limit)}.");
        }
        catch
        {
            await DiscardAsync(store, abandoned.Id, prefix);
            throw;
        }
    }

    public async Task<DocumentInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var record = await db.Set<DocumentRecord>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (record is null)
        {
            return null;
        }

        using var reader = keyring.CreateReader();
        return await InfoAsync(reader, record, cancellationToken);
    }

    /// <summary>
    /// A page of documents, newest first; <paramref name="page"/> starts at 1. A document whose
    /// stored name fails its integrity check is listed as <see cref="DocumentInfo.Unreadable"/>.
    /// </summary>
    public async Task<DocumentsPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        var documents = db.Set<DocumentRecord>().AsNoTracking();
        var total = await documents.CountAsync(cancellationToken);
        var records = await documents.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        using var reader = keyring.CreateReader();
        var items = new List<DocumentInfo>(records.Count);
        foreach (var record in records)
        {
            try
            {
                items.Add(await InfoAsync(reader, record, cancellationToken));
            }
            catch (DataIntegrityException)
            {
                // The reader recorded the failure; the rest of the page is still the tenant's to see.
                items.Add(new DocumentInfo(record.Id, "", record.Size, record.ContentType, record.UploaderId, record.CreatedAt, Unreadable: true));
            }
        }

        return new DocumentsPage(items, page, pageSize, total);
    }

    /// <summary>
    /// The document and a stream of its decrypted content; null when it does not exist. Reading
    /// the stream throws <see cref="DataIntegrityException"/> (recorded) if the stored content
    /// was tampered with, and never returns a chunk that did not verify.
    /// </summary>
    public async Task<DocumentDownload?> OpenReadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var store = await container.StoreAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var record = await db.Set<DocumentRecord>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (record is null)
            {
                return null;
            }

            using var reader = keyring.CreateReader();
            var info = await InfoAsync(reader, record, cancellationToken);
            try
            {
                var content = await store.OpenReadAsync(record.BlobName, record.TenantId, record.Id,
                    (version, ct) => keyring.AcquireAsync(version, ct), record.KeyVersion, RecordAsync, cancellationToken);
                return new DocumentDownload(info, content);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Re-encrypted onto a new blob between reading the metadata and opening the old one.
                if (attempt < 2)
                {
                    continue;
                }

                var missing = new DataIntegrityException(record.TenantId, "documents.content", record.Id, IntegrityFailure.Missing, e);
                await RecordAsync(missing);
                throw missing;
            }
        }
    }

    /// <summary>Deletes the document and its content; false when it does not exist.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var tenantId = keyring.TenantId;
        var deletion = new BlobDeletion
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            BlobPrefix = DocumentsTable.BlobPrefix(tenantId, id),
            NotBefore = time.GetUtcNow(),
        };
        var deleted = await db.InTransactionAsync(async ct =>
        {
            if (await db.Set<DocumentRecord>().Where(d => d.Id == id).ExecuteDeleteAsync(ct) == 0)
            {
                return false;
            }

            db.Add(deletion);
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();

        if (deleted)
        {
            // Now rather than at the next sweep; if this fails the sweep retries.
            var store = await container.StoreAsync(cancellationToken);
            await store.DeleteAllAsync(deletion.BlobPrefix, cancellationToken);
            await db.Set<BlobDeletion>().Where(d => d.Id == deletion.Id).ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }

    private static async Task<DocumentInfo> InfoAsync(FieldReader reader, DocumentRecord record, CancellationToken cancellationToken) => new(
        record.Id,
        (await reader.ReadAsync(DocumentsTable.FileName, record.Id, record.Name, cancellationToken))!,
        record.Size,
        record.ContentType,
        record.UploaderId,
        record.CreatedAt);

    private async Task DiscardAsync(EncryptedBlobStore store, Guid abandonedId, string prefix)
    {
        // Not cancellable: the caller's token may be what ended the upload. If this fails too,
        // the abandoned-upload record stays and the sweep removes the blob.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            db.ChangeTracker.Clear();
            await store.DeleteAllAsync(prefix, timeout.Token);
            await db.Set<BlobDeletion>().Where(d => d.Id == abandonedId).ExecuteDeleteAsync(timeout.Token);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or DbUpdateException or Npgsql.NpgsqlException)
        {
        }
    }

    private ValueTask RecordAsync(DataIntegrityException failure) =>
        events.RecordAsync(new KeyEvent(failure.TenantId, KeyEventKind.IntegrityFailure, time.GetUtcNow(), null, null,
            $"{failure.Target} row {failure.RowId}: {failure.Failure}"));

    private static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";

    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
