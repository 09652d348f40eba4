using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Export;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.Exports.Format;
using Viggotech.Core.People;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Exports;

/// <summary>
/// A full export of the current tenant's data for the customer (docs/export-format.md): people and
/// documents decrypted, the audit trail as a verifiable bundle, and a manifest of hashes, as a ZIP
/// encrypted with the passphrase the admin chose. It streams: the ZIP is encrypted as it is
/// written, so plaintext never reaches storage.
/// </summary>
public sealed class TenantExporter(PlatformDbContext db, ITenantContext tenant, PeopleRepository people, DocumentStore documents, AuditExport audit,
    TimeProvider time)
{
    private const int PageSize = PeopleRepository.MaxPageSize;

    public async Task<ExportManifest> WriteAsync(Stream destination, string passphrase, IProgress<ExportProgress>? progress = null,
        int iterations = ExportEncryptingStream.DefaultIterations, CancellationToken cancellationToken = default)
    {
        using var key = ExportKey.Derive(passphrase, iterations);
        return await WriteAsync(destination, key, progress, cancellationToken);
    }

    /// <summary>Writes the export encrypted under a key derived from the passphrase earlier (see <see cref="ExportKey"/>).</summary>
    public async Task<ExportManifest> WriteAsync(Stream destination, ExportKey key, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("An export is of one tenant: enter it first.");
        var tenantName = await db.Tenants.AsNoTracking().Select(t => t.Name).SingleAsync(cancellationToken);
        await using var encrypted = ExportEncryptingStream.Create(destination, key);
        var files = new List<ExportFile>();
        int peopleCount;
        int documentCount;
        long auditEvents;
        using (var zip = new ZipArchive(encrypted, ZipArchiveMode.Create, leaveOpen: true))
        {
            progress?.Report(new ExportProgress("people", 5));
            peopleCount = await EntryAsync(zip, files, "people.json", WritePeopleAsync, cancellationToken);

            progress?.Report(new ExportProgress("documents", 20));
            var listed = await ListDocumentsAsync(cancellationToken);
            var index = new List<ExportedDocument>(listed.Count);
            for (var i = 0; i < listed.Count; i++)
            {
                var info = listed[i];
                var path = $"documents/{info.Id:D}/{SafeName(info.Name)}";
                await EntryAsync(zip, files, path, async (output, ct) =>
                {
                    await using var download = await documents.OpenReadAsync(info.Id, ct)
                        ?? throw new InvalidOperationException($"Document {info.Id} disappeared while the export was written.");
                    await download.Content.CopyToAsync(output, ct);
                    return 1;
                }, cancellationToken);
                index.Add(new ExportedDocument(info.Id, info.Name, info.ContentType, info.Size, info.CreatedAt, path));
                progress?.Report(new ExportProgress("documents", 20 + (60 * (i + 1) / Math.Max(1, listed.Count))));
            }

            documentCount = await EntryAsync(zip, files, "documents.json", async (output, ct) =>
            {
                await JsonSerializer.SerializeAsync(output, index, ExportManifest.Json, ct);
                return index.Count;
            }, cancellationToken);

            progress?.Report(new ExportProgress("audit trail", 85));
            auditEvents = 0;
            await EntryAsync(zip, files, "audit/audit-trail.ndjson", async (output, ct) =>
            {
                auditEvents = (await audit.WriteBundleAsync(output, compress: false, ct)).EventCount;
                return 0;
            }, cancellationToken);

            var manifest = new ExportManifest(ExportManifest.FormatName, tenantId, tenantName, time.GetUtcNow(),
                new ExportCounts(peopleCount, documentCount, auditEvents), files);
            var entry = zip.CreateEntry(ExportManifest.FileName, CompressionLevel.Optimal);
            await using (var output = entry.Open())
            {
                await JsonSerializer.SerializeAsync(output, manifest, ExportManifest.Json, cancellationToken);
            }

            progress?.Report(new ExportProgress("encrypting", 95));
            zip.Dispose();
            await encrypted.CompleteAsync(cancellationToken);
            progress?.Report(new ExportProgress("done", 100));
            return manifest;
        }
    }

    private async Task<int> WritePeopleAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        var count = 0;
        for (var page = 1; ; page++)
        {
            var batch = await people.ListAsync(page, PageSize, cancellationToken);
            foreach (var person in batch.Items)
            {
                JsonSerializer.Serialize(json, person, ExportManifest.Json);
                count++;
            }

            await json.FlushAsync(cancellationToken);
            if (batch.Items.Count < PageSize)
            {
                break;
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
        return count;
    }

    private async Task<List<DocumentInfo>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        var all = new List<DocumentInfo>();
        for (var page = 1; ; page++)
        {
            var batch = await documents.ListAsync(page, DocumentStore.MaxPageSize, cancellationToken);
            all.AddRange(batch.Items);
            if (batch.Items.Count < DocumentStore.MaxPageSize)
            {
                return all;
            }
        }
    }

    private static async Task<int> EntryAsync(ZipArchive zip, List<ExportFile> files, string path, Func<Stream, CancellationToken, Task<int>> write,
        CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int count;
        long size;
        await using (var output = new HashingStream(entry.Open(), leaveOpen: false, hash))
        {
            count = await write(output, cancellationToken);
            size = output.Count;
        }

        files.Add(new ExportFile(path, size, Convert.ToHexStringLower(hash.GetCurrentHash())));
        return count;
    }

    // The document's own name, made safe as a file name on every system; the folder is its id, so names may repeat.
    internal static string SafeName(string name)
    {
        var safe = new string([.. name.Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c)]).Trim().TrimEnd('.');
        if (safe.Length == 0 || safe is "." or "..")
        {
            safe = "document";
        }

        return safe.Length <= 200 ? safe : safe[..200];
    }
}

/// <summary>A document as <c>documents.json</c> lists it, with where its content is in the ZIP.</summary>
public sealed record ExportedDocument(Guid Id, string Name, string ContentType, long Size, DateTimeOffset CreatedAt, string Path);
