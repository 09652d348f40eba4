using System.Data;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Snapshot;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups;

/// <summary>
/// Takes one backup of one tenant (docs/backup-format.md). Everything is read in one REPEATABLE
/// READ, READ ONLY transaction in the tenant's row-level security context, so the tables agree
/// with each other and with the list of documents; values are written as stored (encrypted
/// fields stay encrypted). Parts are streamed to region A one after another; the signed manifest
/// is written last, so an interrupted backup never has one. Completion queues every blob for
/// region B in the same transaction that marks the backup completed.
/// </summary>
public sealed partial class BackupRunner(
    IServiceScopeFactory scopes,
    BackupStorage storage,
    BackupSigningKeys signingKeys,
    KeyEncryptionKeys keyEncryptionKeys,
    IOptions<BackupsOptions> options,
    TimeProvider time,
    ILogger<BackupRunner> logger)
{
    /// <summary>
    /// Writes backup <paramref name="backupId"/> (a row already claimed as running). On failure the
    /// backup is marked failed with the reason, its blobs are deleted, and false is returned.
    /// </summary>
    public async Task<bool> RunAsync(Guid tenantId, Guid backupId, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteAsync(tenantId, backupId, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            var reason = cancellationToken.IsCancellationRequested ? "cancelled (the Worker stopped)" : Describe(e);
            if (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, e, tenantId, backupId);
            }

            await FailAsync(tenantId, backupId, reason);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return false;
        }
    }

    /// <summary>Marks a backup failed and deletes whatever it wrote, with its own short deadline (the caller's may have ended).</summary>
    internal async Task FailAsync(Guid tenantId, Guid backupId, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await using (var scope = scopes.CreateTenantScope(tenantId))
            {
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                await db.Set<BackupRecord>().Where(b => b.Id == backupId && (b.Status == BackupStatus.Running || b.Status == BackupStatus.Requested))
                    .ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, BackupStatus.Failed)
                        .SetProperty(x => x.Error, Bounded(reason))
                        .SetProperty(x => x.CompletedAt, time.GetUtcNow()), timeout.Token);
            }

            await BackupStorage.DeleteBackupAsync(storage.RegionA, tenantId, backupId, timeout.Token);
        }
        catch (Exception e) when (e is RequestFailedException or DbUpdateException or NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            // The stale-backup sweep and retention retry both.
            LogCleanupFailed(logger, e, tenantId, backupId);
        }
    }

    private async Task WriteAsync(Guid tenantId, Guid backupId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await ExecuteAsync(connection, snapshot, "SET TRANSACTION READ ONLY", cancellationToken);

        // The first query fixes the snapshot every later one reads.
        var snapshotAt = await ScalarAsync<DateTime>(connection, snapshot, "SELECT now()", cancellationToken);
        var kekVersions = await ListAsync<string>(connection, snapshot, "SELECT DISTINCT kek_version FROM tenant_data_keys WHERE status <> 'destroyed'", cancellationToken);
        if (kekVersions is not [var kekVersion])
        {
            throw kekVersions.Count == 0
                ? new TenantKeyDestroyedException(tenantId)
                : new TenantKeyUnavailableException(tenantId, "its data keys are wrapped under several KEK versions (a key rotation is half done)");
        }

        var tables = await TenantTableCatalog.DiscoverAsync(connection, snapshot, cancellationToken);
        var documents = tables.Any(t => t.Name == DocumentsTable.Name)
            ? await DocumentsAsync(connection, snapshot, cancellationToken)
            : [];
        var partsTotal = tables.Count + (documents.Count > 0 ? 1 : 0);
        var schemaVersion = db.Database.GetMigrations().Last();

        var (key, wrappedKey) = await CreateKeyAsync(tenantId, backupId, kekVersion, schemaVersion, partsTotal, documents.Count, cancellationToken);
        using (key)
        {
            using var signer = await signingKeys.CurrentAsync(cancellationToken);
            var container = await storage.WritableAsync(cancellationToken);
            await using var writer = new BackupPartWriter(container, tenantId, backupId, key, settings.ChunkSize, settings.BlockSize);
            var counters = new BackupRunCounters();
            using var heartbeatStop = new CancellationTokenSource();
            var heartbeat = HeartbeatAsync(tenantId, backupId, writer, counters, heartbeatStop.Token);
            var parts = new List<BackupManifestPart>(partsTotal);
            try
            {
                foreach (var table in tables)
                {
                    var part = await writer.WriteAsync($"{parts.Count:D2}-{table.Name}.vgtb", table.IsRegistry ? BackupPartKind.Tenant : BackupPartKind.Table,
                        table.Name, table.Columns, table.KeyColumns, compress: true,
                        (output, ct) => CopyOutAsync(connection, table.ExportSql(tenantId), output, ct), cancellationToken);
                    parts.Add(part);
                    counters.PartDone(part.Rows);
                }

                if (documents.Count > 0)
                {
                    // Document blobs are already encrypted and do not compress.
                    var part = await writer.WriteAsync($"{parts.Count:D2}-documents.vgtb", BackupPartKind.Documents, null, [], [], compress: false,
                        (output, ct) => BundleDocumentsAsync(documents, output, counters, ct), cancellationToken);
                    parts.Add(part);
                    counters.PartDone(part.Rows);
                }
            }
            finally
            {
                await heartbeatStop.CancelAsync();
                await heartbeat;
            }

            await writer.CompleteAsync();
            await snapshot.CommitAsync(cancellationToken);
            var manifest = new BackupManifest(backupId, tenantId, new DateTimeOffset(snapshotAt, TimeSpan.Zero), Microseconds(time.GetUtcNow()), schemaVersion,
                new BackupKeyReference(KeyEncryptionKeys.SecretName(tenantId), kekVersion, wrappedKey), parts, writer.BytesWritten, writer.WholeSha256());
            var manifestBytes = BackupManifestJson.Write(manifest, signer.Sign(manifest));
            // Last, and never over an existing one: its presence is what makes a backup complete.
            await container.GetBlobClient(BackupStorage.BlobName(tenantId, backupId, BackupManifest.FileName)).UploadAsync(
                new BinaryData(manifestBytes),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
            await CompleteAsync(manifest, cancellationToken);
            LogCompleted(logger, tenantId, backupId, parts.Count, manifest.Rows, manifest.Size);
        }
    }

    private async Task<(BackupKey Key, byte[] Wrapped)> CreateKeyAsync(Guid tenantId, Guid backupId, string kekVersion, string schemaVersion,
        int partsTotal, int documentsTotal, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.InTransactionAsync(async ct =>
        {
            // The key rows share-locked: a KEK rotation cannot disable the version (it locks them
            // for update first) before this backup is recorded as using it.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM tenant_data_keys WHERE status <> 'destroyed' FOR SHARE", ct);
            var kek = await keyEncryptionKeys.GetAsync(tenantId, kekVersion, ct);
            BackupKey? key = null;
            try
            {
                (key, var wrapped) = BackupKey.Create(kek, tenantId, backupId, kekVersion);
                var now = time.GetUtcNow();
                await db.Set<BackupRecord>().Where(b => b.Id == backupId).ExecuteUpdateAsync(b => b
                    .SetProperty(x => x.KekVersion, kekVersion)
                    .SetProperty(x => x.SchemaVersion, schemaVersion)
                    .SetProperty(x => x.PartsTotal, partsTotal)
                    .SetProperty(x => x.DocumentsTotal, documentsTotal)
                    .SetProperty(x => x.HeartbeatAt, now), ct);
                return (key, wrapped);
            }
            catch
            {
                key?.Dispose();
                throw;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }, cancellationToken);
    }

    private async Task CompleteAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(manifest.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var replication = scope.ServiceProvider.GetRequiredService<ReplicationQueue>();
        await db.InTransactionAsync(async ct =>
        {
            var completed = await db.Set<BackupRecord>().Where(b => b.Id == manifest.BackupId && b.Status == BackupStatus.Running)
                .ExecuteUpdateAsync(b => b
                    .SetProperty(x => x.Status, BackupStatus.Completed)
                    .SetProperty(x => x.CompletedAt, manifest.CompletedAt)
                    .SetProperty(x => x.HeartbeatAt, manifest.CompletedAt)
                    .SetProperty(x => x.PartsDone, manifest.Parts.Count)
                    .SetProperty(x => x.RowsWritten, manifest.Rows)
                    .SetProperty(x => x.DocumentsDone, x => x.DocumentsTotal)
                    .SetProperty(x => x.BytesWritten, manifest.Size)
                    .SetProperty(x => x.Sha256, manifest.Sha256), ct);
            if (completed != 1)
            {
                throw new InvalidOperationException("The backup was marked failed while it was being written (its heartbeat was late).");
            }

            // Parts before the manifest: region B's copy of a backup becomes complete in the same order.
            await replication.EnqueueAsync(storage.ContainerName,
                [.. manifest.Parts.Select(p => p.Name).Append(BackupManifest.FileName).Select(name => BackupStorage.BlobName(manifest.TenantId, manifest.BackupId, name))], ct);
        }, cancellationToken);
    }

    private async Task HeartbeatAsync(Guid tenantId, Guid backupId, BackupPartWriter writer, BackupRunCounters counters, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(options.Value.ProgressEvery, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateTenantScope(tenantId);
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                var now = time.GetUtcNow();
                await db.Set<BackupRecord>().Where(b => b.Id == backupId && b.Status == BackupStatus.Running).ExecuteUpdateAsync(b => b
                    .SetProperty(x => x.HeartbeatAt, now)
                    .SetProperty(x => x.PartsDone, counters.PartsDone)
                    .SetProperty(x => x.RowsWritten, counters.RowsWritten)
                    .SetProperty(x => x.DocumentsDone, counters.DocumentsDone)
                    .SetProperty(x => x.BytesWritten, writer.BytesWritten), CancellationToken.None);
            }
            catch (Exception e) when (e is DbUpdateException or NpgsqlException or InvalidOperationException)
            {
                // A missed beat is not fatal; a long run of them makes the backup look stale, and then it is redone.
                LogHeartbeatFailed(logger, e, backupId);
            }
        }
    }

    private static async Task<long> CopyOutAsync(NpgsqlConnection connection, string sql, Stream output, CancellationToken cancellationToken)
    {
        var counter = new CopyBinaryRowCounter();
        await using (var copy = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken))
        {
            var buffer = new byte[128 * 1024];
            int read;
            while ((read = await copy.ReadAsync(buffer, cancellationToken)) > 0)
            {
                counter.Observe(buffer.AsSpan(0, read));
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return counter.Complete ? counter.Rows : throw new InvalidDataException("The table's COPY stream ended without its trailer.");
    }

    private async Task<long> BundleDocumentsAsync(IReadOnlyList<(Guid Id, string BlobName)> documents, Stream output, BackupRunCounters counters,
        CancellationToken cancellationToken)
    {
        using var source = scopes.CreateScope();
        var container = source.ServiceProvider.GetRequiredService<DocumentContainer>().Client;
        // The next few downloads are started while one is written: each waits on its own
        // connection, its first bytes already on the way, so a document's round trip overlaps
        // the encryption and upload of the one before it. Bodies are read only in order, so
        // memory stays at what the connections buffer.
        var ahead = new Queue<Task<BlobDownloadStreamingResult?>>();
        var next = 0;
        try
        {
            await DocumentBundle.WriteStartAsync(output, cancellationToken);
            while (ahead.Count > 0 || next < documents.Count)
            {
                while (ahead.Count < DocumentsAhead && next < documents.Count)
                {
                    ahead.Enqueue(OpenDocumentAsync(container, documents[next++].BlobName, cancellationToken));
                }

                var (id, blobName) = documents[next - ahead.Count];
                var download = await ahead.Dequeue();
                if (download is null)
                {
                    // Deleted after the snapshot was taken; the manifest's row for it stays, marked missing.
                    await DocumentBundle.WriteMissingAsync(output, id, blobName, cancellationToken);
                }
                else
                {
                    await using var content = download.Content;
                    await DocumentBundle.WriteDocumentAsync(output, id, blobName, download.Details.ContentLength, content, cancellationToken);
                }

                counters.DocumentDone();
            }

            await DocumentBundle.WriteEndAsync(output, cancellationToken);
            return documents.Count;
        }
        finally
        {
            while (ahead.TryDequeue(out var pending))
            {
                try
                {
                    if (await pending is { } abandoned)
                    {
                        await abandoned.Content.DisposeAsync();
                    }
                }
                catch (Exception e) when (e is RequestFailedException or OperationCanceledException or IOException)
                {
                    // The backup already failed; this download is not needed any more.
                }
            }
        }
    }

    private const int DocumentsAhead = 4;

    private static async Task<BlobDownloadStreamingResult?> OpenDocumentAsync(Azure.Storage.Blobs.BlobContainerClient container, string blobName,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static async Task<List<(Guid, string)>> DocumentsAsync(NpgsqlConnection connection, NpgsqlTransaction snapshot, CancellationToken cancellationToken)
    {
        var documents = new List<(Guid, string)>();
        await using var command = new NpgsqlCommand("SELECT id, blob_name FROM documents ORDER BY id", connection, snapshot);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return documents;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static DateTimeOffset Microseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    internal static string Describe(Exception e)
    {
        var message = e is RequestFailedException failed ? $"storage answered {failed.Status} {failed.ErrorCode}" : e.Message.ReplaceLineEndings(" ");
        return Bounded($"{e.GetType().Name}: {message}");
    }

    private static string Bounded(string text) => text.Length <= 1000 ? text : text[..1000];

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {BackupId} of tenant {TenantId} completed: {Parts} parts, {Rows} rows, {Bytes} bytes")]
    private static partial void LogCompleted(ILogger logger, Guid tenantId, Guid backupId, int parts, long rows, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup {BackupId} of tenant {TenantId} failed; its parts are deleted and the next run takes a new one")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId, Guid backupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up failed backup {BackupId} of tenant {TenantId} failed; it is retried later")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, Guid tenantId, Guid backupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup {BackupId}: progress could not be recorded")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, Guid backupId);
}
