using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Viggotech.Core.Audit;
using Viggotech.Core.Audit.Recording;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Backups.Snapshot;
using Viggotech.Core.Backups.Verification;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Restore;

/// <summary>
/// An operator's restore of a tenant, in place, from one of its completed backups. The backup is
/// first restored into the scratch database and checked exactly as a restore test checks it
/// (signature, hashes, row counts, content hashes); only then, in one transaction on the platform
/// database under the tenant's row-level security, are the tenant's rows replaced by the backup's
/// and the restore recorded in its audit trail, so the tenant sees either all of the backup or
/// none of it. Document blobs the backup holds and storage no longer has are written back. The
/// audit trail itself (evidence, including of this restore) and the tenant's registry row are not
/// rolled back. Every attempt, refused or failed ones included, is recorded and audited.
/// </summary>
public sealed partial class TenantRestore(IServiceScopeFactory scopes, RestoreVerifier verifier, TimeProvider time, ILogger<TenantRestore> logger)
{
    private const int RowsPerBatch = 500;

    /// <summary>The stage after the backup passed its checks in the scratch database.</summary>
    public const string ReplaceStage = "Replacing the tenant's data with the backup's in one transaction";

    /// <summary>What the operator must type to confirm that the tenant's current data is replaced.</summary>
    public static string ConfirmationFor(string tenantSlug) => $"restore {tenantSlug}";

    /// <summary>The tables an in-place restore replaces: not the registry row, not the audit trail, nothing append-only.</summary>
    public static bool IsReplaced(TenantTable table) => !table.IsRegistry && !table.AppendOnly && !table.Name.StartsWith("audit_", StringComparison.Ordinal);

    /// <exception cref="RestoreRefusedException">The confirmation is wrong, or the backup cannot be restored here; nothing changed.</exception>
    public Task<TenantRestoreResult> RestoreInPlaceAsync(TenantRestoreRequest request, CancellationToken cancellationToken = default) =>
        RestoreInPlaceAsync(request, null, cancellationToken);

    /// <param name="onStage">Told when the backup has passed its checks and the tenant's rows are being replaced.</param>
    /// <exception cref="RestoreRefusedException">The confirmation is wrong, or the backup cannot be restored here; nothing changed.</exception>
    public async Task<TenantRestoreResult> RestoreInPlaceAsync(TenantRestoreRequest request, Func<string, CancellationToken, Task>? onStage, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Operator))
        {
            throw new RestoreRefusedException("operator", "The operator restoring must be named.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            throw new RestoreRefusedException("reason", "A reason of 1 to 500 characters is required.");
        }

        await using var scope = scopes.CreateTenantScope(request.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        var slug = await db.Tenants.AsNoTracking().Select(t => t.Slug).SingleOrDefaultAsync(cancellationToken)
            ?? throw new RestoreRefusedException("tenantId", "No such tenant.");
        if (!string.Equals(request.Confirmation, ConfirmationFor(slug), StringComparison.Ordinal))
        {
            throw new RestoreRefusedException("confirmation", $"Type \"{ConfirmationFor(slug)}\" to confirm that the tenant's current data is replaced.");
        }

        var backup = await db.Set<BackupRecord>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == request.BackupId, cancellationToken);
        if (backup is not { Status: BackupStatus.Completed })
        {
            throw new RestoreRefusedException("backupId", "The tenant has no completed backup with this id.");
        }

        var schema = db.Database.GetMigrations().Last();
        if (backup.SchemaVersion != schema)
        {
            throw new RestoreRefusedException("backupId", $"The backup was taken with schema {backup.SchemaVersion}; the database is at {schema}. Restore it into a database at its schema first.");
        }

        var record = new BackupRestoreRecord
        {
            Id = Guid.CreateVersion7(),
            TenantId = request.TenantId,
            BackupId = request.BackupId,
            Mode = RestoreMode.InPlace,
            TargetTenantId = request.TenantId,
            Operator = request.Operator,
            Reason = request.Reason,
            StartedAt = time.GetUtcNow(),
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var documents = scope.ServiceProvider.GetRequiredService<DocumentContainer>().Client;
        var documentsWritten = 0;
        try
        {
            await verifier.RestoreAsync(request.TenantId, request.BackupId,
                async (document, content, ct) =>
                {
                    if (content is not null && await WriteBackAsync(documents, document.BlobName, content, ct))
                    {
                        documentsWritten++;
                    }
                },
                async (session, ct) =>
                {
                    if (onStage is not null)
                    {
                        await onStage(ReplaceStage, ct);
                    }

                    await db.InTransactionAsync(async innerCt =>
                    {
                        var rows = await ReplaceRowsAsync(db, session, request.TenantId, innerCt);
                        await Finish(db, record.Id, true, rows, documentsWritten, null, innerCt);
                        await audit.RecordAsync(AuditFor(request, AuditResult.Success, Details(request, rows, null)), innerCt);
                        record.RowsRestored = rows;
                    }, ct);
                },
                cancellationToken);
            LogRestored(logger, request.TenantId, request.BackupId, record.RowsRestored, documentsWritten);
            return new TenantRestoreResult(record.Id, true, record.RowsRestored, documentsWritten, null);
        }
        catch (Exception e) when (RestoreTests.IsBackupProblem(e) && !cancellationToken.IsCancellationRequested)
        {
            var problem = RestoreTests.Problem(e);
            LogFailed(logger, e, request.TenantId, request.BackupId);
            db.ChangeTracker.Clear();
            await db.InTransactionAsync(async ct =>
            {
                await Finish(db, record.Id, false, 0, documentsWritten, problem, ct);
                await audit.RecordAsync(AuditFor(request, AuditResult.Failure, Details(request, 0, problem)), ct);
            }, cancellationToken);
            return new TenantRestoreResult(record.Id, false, 0, documentsWritten, problem);
        }
    }

    /// <summary>The tenant's restore history, newest first.</summary>
    public async Task<IReadOnlyList<BackupRestoreRecord>> HistoryAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<BackupRestoreRecord>().AsNoTracking().OrderByDescending(r => r.StartedAt).Take(100).ToListAsync(cancellationToken);
    }

    private Task Finish(PlatformDbContext db, Guid restoreId, bool succeeded, long rows, int documents, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Set<BackupRestoreRecord>().Where(r => r.Id == restoreId).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.FinishedAt, now)
            .SetProperty(x => x.Succeeded, succeeded)
            .SetProperty(x => x.RowsRestored, rows)
            .SetProperty(x => x.DocumentsRestored, documents)
            .SetProperty(x => x.Error, error), cancellationToken);
    }

    // The operator's act, not the Worker's: the Worker only carries out what the operator asked for.
    private AuditEvent AuditFor(TenantRestoreRequest request, AuditResult result, Dictionary<string, string> details) =>
        new(request.TenantId.ToString(), time.GetUtcNow(), new AuditActor(AuditActorType.Operator, request.Operator.Trim()), AuditActions.BackupRestore,
            new AuditTarget("backup", request.BackupId.ToString("D")), result, Trace: System.Diagnostics.Activity.Current?.TraceId.ToHexString(), Details: details);

    private static Dictionary<string, string> Details(TenantRestoreRequest request, long rows, string? problem)
    {
        var details = new Dictionary<string, string>
        {
            ["mode"] = "in_place",
            ["operator"] = request.Operator.Length <= 200 ? request.Operator : request.Operator[..200],
            ["reason"] = request.Reason,
            ["rows"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (problem is not null)
        {
            details["problem"] = problem.Length <= 500 ? problem : problem[..500];
        }

        return details;
    }

    // Deletes the tenant's rows children first, then inserts the backup's parents first. The app
    // role inserts under row-level security, so no row of another tenant can slip in.
    private static async Task<long> ReplaceRowsAsync(PlatformDbContext db, ScratchSession session, Guid tenantId, CancellationToken cancellationToken)
    {
        var platform = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var inBackup = session.Manifest.Parts.Where(p => p.Table is not null).Select(p => p.Table!).ToHashSet(StringComparer.Ordinal);
        var tables = (await TenantTableCatalog.DiscoverAsync(platform, transaction, cancellationToken)).Where(t => IsReplaced(t) && inBackup.Contains(t.Name)).ToList();

        foreach (var table in Enumerable.Reverse(tables))
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM public.{TenantTable.Quote(table.Name)} WHERE tenant_id = $1", platform, transaction);
            delete.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        long rows = 0;
        foreach (var table in tables)
        {
            rows += await CopyTableAsync(session, platform, transaction, table, tenantId, cancellationToken);
        }

        return rows;
    }

    // Rows travel as JSON (row_to_json out of the scratch database, json_populate_recordset into
    // the platform's), which round-trips every column type the schema uses, bytea included.
    private static async Task<long> CopyTableAsync(ScratchSession session, NpgsqlConnection platform, NpgsqlTransaction transaction, TenantTable table, Guid tenantId,
        CancellationToken cancellationToken)
    {
        var name = $"public.{TenantTable.Quote(table.Name)}";
        var columns = TenantTable.ColumnList(table.Columns);
        var cursor = $"restore_{table.Name}";
        await using (var declare = new NpgsqlCommand(
            $"DECLARE {TenantTable.Quote(cursor)} NO SCROLL CURSOR FOR SELECT row_to_json(r)::text FROM (SELECT {columns} FROM {name} WHERE tenant_id = '{tenantId:D}') r",
            session.Connection, session.Transaction))
        {
            await declare.ExecuteNonQueryAsync(cancellationToken);
        }

        long rows = 0;
        while (true)
        {
            var batch = new List<string>(RowsPerBatch);
            await using (var fetch = new NpgsqlCommand($"FETCH {RowsPerBatch} FROM {TenantTable.Quote(cursor)}", session.Connection, session.Transaction))
            await using (var reader = await fetch.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    batch.Add(reader.GetString(0));
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {name} ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM json_populate_recordset(NULL::{name}, $1::json)", platform, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = "[" + string.Join(",", batch) + "]" });
            rows += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var close = new NpgsqlCommand($"CLOSE {TenantTable.Quote(cursor)}", session.Connection, session.Transaction))
        {
            await close.ExecuteNonQueryAsync(cancellationToken);
        }

        return rows;
    }

    // A blob still in storage is the same encrypted document (its name carries the key version): left as it is.
    private static async Task<bool> WriteBackAsync(Azure.Storage.Blobs.BlobContainerClient container, string blobName, Stream content, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(blobName).UploadAsync(content,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} restored in place from backup {BackupId}: {Rows} rows, {Documents} document blobs written back")]
    private static partial void LogRestored(ILogger logger, Guid tenantId, Guid backupId, long rows, int documents);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restoring tenant {TenantId} from backup {BackupId} failed; its data is unchanged")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId, Guid backupId);
}
