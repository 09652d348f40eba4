using Viggotech.Core.Backups.Format;
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Keys;

namespace Viggotech.Core.Backups.Verification;

/// <summary>
/// Restores a backup into the scratch database and proves it came back whole: the reader checks
/// signature, hashes and authentication of every part; the rows go in with COPY (foreign keys on);
/// each table is then read back out exactly as the backup read it from the platform and must give
/// the manifest's row count and content SHA-256; every document row must have its content in the
/// backup, as an encrypted document. The transaction is rolled back after <c>then</c> has run.
/// </summary>
public sealed class RestoreVerifier(ScratchDatabase scratch, BackupStorage storage, BackupSigningKeys signingKeys, KeyEncryptionKeys keyEncryptionKeys)
{
    /// <param name="documents">Sees each bundled document as it streams past (a restore writes it to storage); null for a check only.</param>
    /// <param name="then">Runs with the verified scratch restore before it is rolled back.</param>
    /// <exception cref="BackupVerificationException">The backup or the restored data does not match the manifest.</exception>
    public async Task<RestoreCheck> RestoreAsync(Guid tenantId, Guid backupId, Func<BundledDocument, Stream?, CancellationToken, Task>? documents,
        Func<ScratchSession, CancellationToken, Task>? then, CancellationToken cancellationToken)
    {
        using var reader = await BackupReader.OpenAsync(storage, signingKeys, keyEncryptionKeys, tenantId, backupId, cancellationToken);
        var manifest = reader.Manifest;
        await using var connection = await scratch.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var restore = new ScratchRestore(connection, transaction, tenantId);
        var bundled = new HashSet<Guid>();
        var missing = 0;

        await reader.ReadPartsAsync(async (part, plaintext, ct) =>
        {
            if (part.Kind == BackupPartKind.Documents)
            {
                await DocumentBundle.ReadAsync(plaintext, async (document, content, innerCt) =>
                {
                    if (!bundled.Add(document.DocumentId))
                    {
                        throw new BackupVerificationException($"document {document.DocumentId} appears twice in the backup");
                    }

                    Stream? whole = null;
                    if (content is null)
                    {
                        missing++;
                    }
                    else
                    {
                        var header = await CheckEncryptedDocumentAsync(document, content, innerCt);
                        whole = new PrefixedReadStream(header, content);
                    }

                    if (documents is not null)
                    {
                        await documents(document, whole, innerCt);
                    }
                }, ct);
                return;
            }

            var rows = await restore.CopyInAsync(part, plaintext, ct);
            if (rows != part.Rows)
            {
                throw new BackupVerificationException($"part {part.Name} holds {rows} rows; its manifest says {part.Rows}");
            }
        }, cancellationToken);

        foreach (var part in manifest.Parts.Where(p => p.Kind != BackupPartKind.Documents))
        {
            var (rows, sha256) = await restore.ExportAsync(part, cancellationToken);
            if (rows != part.Rows || sha256 != part.ContentSha256)
            {
                throw new BackupVerificationException(
                    $"table {part.Table} restored to {rows} rows whose content differs from the backup's ({part.Rows} rows): the restore does not reproduce the data");
            }
        }

        if (manifest.Parts.Any(p => p.Table == Documents.DocumentsTable.Name))
        {
            var rows = await restore.DocumentIdsAsync(cancellationToken);
            var withoutContent = rows.Where(id => !bundled.Contains(id)).ToList();
            if (withoutContent.Count > 0 || bundled.Any(id => !rows.Contains(id)))
            {
                throw new BackupVerificationException($"{withoutContent.Count} document(s) have no content in the backup, or the backup holds content of documents it has no row for");
            }
        }

        var check = new RestoreCheck(backupId, manifest.Parts.Count(p => p.Kind != BackupPartKind.Documents), manifest.Rows - bundled.Count,
            bundled.Count, missing, reader.Region);
        if (then is not null)
        {
            await then(new ScratchSession(connection, transaction, manifest, check), cancellationToken);
        }

        await transaction.RollbackAsync(cancellationToken);
        return check;
    }

    // The content must be what the platform stores: a document header naming the key version its blob name carries.
    private static async Task<byte[]> CheckEncryptedDocumentAsync(BundledDocument document, Stream content, CancellationToken cancellationToken)
    {
        var header = new byte[DocumentHeader.Size];
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < header.Length || !DocumentHeader.TryRead(header, out var parsed) || !document.BlobName.EndsWith($"/k{parsed.KeyVersion}.vgtd", StringComparison.Ordinal))
        {
            throw new BackupVerificationException($"the content of document {document.DocumentId} is not an encrypted document");
        }

        return header;
    }
}
