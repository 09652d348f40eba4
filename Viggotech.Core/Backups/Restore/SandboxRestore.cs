using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
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
using Viggotech.Core.Crypto.Documents;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Crypto.Rotation;
using Viggotech.Core.Data;
using Viggotech.Core.Documents;
using Viggotech.Core.People;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Restore;

/// <summary>
/// An operator's restore of one of a tenant's backups into a new sandbox tenant beside it, so the
/// backup's data can be looked at (or picked from) without touching the tenant. The backup is
/// first restored into the scratch database and checked exactly as a restore test checks it; only
/// then is the sandbox created through <c>create_tenant</c>, with its own key-encryption key and
/// data key, and filled with the backup's workspace data (<see cref="CarriedTables"/>): new row
/// ids, every encrypted value and document re-encrypted from the backup's keys to the sandbox's
/// (see <see cref="SandboxRowCopy"/>). Not carried: users, credentials, sessions and roles (no
/// sign-in of the source tenant works in the sandbox; its admins are invited as for any tenant),
/// the audit trail (evidence stays in the source tenant and the backup; the sandbox's own trail
/// starts with its creation and this restore), keys, webhooks (they would deliver to the
/// customer's receivers) and settings. The source tenant's rows and blobs are only read. Every
/// attempt is recorded with the source tenant and audited in both tenants' trails, as the operator.
/// </summary>
public sealed partial class SandboxRestore(
    IServiceScopeFactory scopes,
    RestoreVerifier verifier,
    KeyEncryptionKeys keyEncryptionKeys,
    TenantKeys tenantKeys,
    TimeProvider time,
    ILogger<SandboxRestore> logger)
{
    /// <summary>The tables a sandbox receives, in the order they are filled.</summary>
    public static IReadOnlyList<string> CarriedTables { get; } = [PeopleTable.Name, DocumentsTable.Name, NotesTable];

    private const string NotesTable = "notes";

    /// <summary>The stage after the backup passed its checks in the scratch database.</summary>
    public const string FillStage = "Creating the sandbox tenant and copying the backup's data into it";

    /// <exception cref="RestoreRefusedException">The request or the backup does not allow a restore; nothing was created.</exception>
    public Task<SandboxRestoreResult> RestoreAsync(SandboxRestoreRequest request, CancellationToken cancellationToken = default) =>
        RestoreAsync(request, null, cancellationToken);

    /// <param name="onStage">Told when the backup has passed its checks and the sandbox is being created and filled.</param>
    /// <exception cref="RestoreRefusedException">The request or the backup does not allow a restore; nothing was created.</exception>
    public async Task<SandboxRestoreResult> RestoreAsync(SandboxRestoreRequest request, Func<string, CancellationToken, Task>? onStage, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Operator) || request.Operator.Length > 200)
        {
            throw new RestoreRefusedException("operator", "The operator restoring must be named (at most 200 characters).");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            throw new RestoreRefusedException("reason", "A reason of 1 to 500 characters is required.");
        }

        var origin = new AuditOrigin(new AuditActor(AuditActorType.Operator, request.Operator.Trim()));
        Tenant source;
        BackupRestoreRecord record;
        await using (var scope = scopes.CreateTenantScope(request.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            source = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(cancellationToken)
                ?? throw new RestoreRefusedException("tenantId", "No such tenant.");
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

            record = new BackupRestoreRecord
            {
                Id = Guid.CreateVersion7(),
                TenantId = request.TenantId,
                BackupId = request.BackupId,
                Mode = RestoreMode.Sandbox,
                Operator = request.Operator.Trim(),
                Reason = request.Reason,
                StartedAt = time.GetUtcNow(),
            };
            db.Add(record);
            await db.SaveChangesAsync(cancellationToken);
        }

        var fill = new SandboxFill();
        try
        {
            await verifier.RestoreAsync(request.TenantId, request.BackupId,
                (document, content, ct) => content is null ? Task.CompletedTask : fill.KeepAsync(document.DocumentId, content, ct),
                async (session, ct) =>
                {
                    if (onStage is not null)
                    {
                        await onStage(FillStage, ct);
                    }

                    fill.Slug = request.SandboxSlug ?? SlugFor(source.Slug);
                    fill.SandboxId = await CreateOrResumeSandboxAsync(SandboxName(source.Name), fill.Slug, request.SandboxSlug is not null, origin, ct);
                    await SetTargetAsync(request.TenantId, record.Id, fill.SandboxId.Value, ct);
                    await tenantKeys.CreateForTenantAsync(fill.SandboxId.Value, ct);
                    using var sourceKeys = await BackupDataKeys.LoadAsync(session, request.TenantId, keyEncryptionKeys, ct);
                    await FillAsync(session, request, sourceKeys, fill, origin, ct);
                },
                cancellationToken);
            await FinishAsync(request, record.Id, fill, origin, null, cancellationToken);
            LogRestored(logger, request.TenantId, request.BackupId, fill.SandboxId!.Value, fill.Rows, fill.Documents);
            return new SandboxRestoreResult(record.Id, true, fill.SandboxId, fill.Slug, fill.Rows, fill.Documents, null);
        }
        catch (Exception e) when ((RestoreTests.IsBackupProblem(e) || e is RequestFailedException) && !cancellationToken.IsCancellationRequested)
        {
            var problem = e is RequestFailedException ? "storage refused the sandbox's documents" : RestoreTests.Problem(e);
            LogFailed(logger, e, request.TenantId, request.BackupId);
            await fill.DeleteUploadedAsync(scopes, CancellationToken.None);
            fill.Rows = 0;
            fill.Documents = 0;
            await FinishAsync(request, record.Id, fill, origin, problem, cancellationToken);
            return new SandboxRestoreResult(record.Id, false, fill.SandboxId, fill.Slug, 0, 0, problem);
        }
        finally
        {
            fill.Dispose();
        }
    }

    /// <summary>Lower-case DNS-label shape, unique enough that two sandboxes of one tenant on one day do not collide.</summary>
    public static string SlugFor(string sourceSlug)
    {
        var stem = sourceSlug.Length > 30 ? sourceSlug[..30].TrimEnd('-') : sourceSlug;
        return $"{stem}-sandbox-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    private static string SandboxName(string sourceName) =>
        $"{(sourceName.Length > 180 ? sourceName[..180].TrimEnd() : sourceName)} (sandbox)";

    private async Task<Guid> CreateOrResumeSandboxAsync(string name, string slug, bool resumable, AuditOrigin origin, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().CreateTenantAsync(name, slug, origin, cancellationToken);
        }
        catch (Exception e) when (resumable && IsTakenSlug(e))
        {
            return await ResumeSandboxAsync(name, slug, cancellationToken);
        }
    }

    private static bool IsTakenSlug(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// The slug the caller stored is taken: an earlier attempt of the same request created the
    /// sandbox and stopped (its Worker died) before filling it. That sandbox is reused, not
    /// removed: tenants are only ever created (through <c>create_tenant</c>), never deleted by the
    /// app role, and the sandbox's trail already records its creation, which is append-only
    /// evidence; filling is one transaction, so an interrupted sandbox holds no rows. It is taken
    /// only if it is exactly that: named as this restore names it, with no people, documents,
    /// notes or users. Blobs the interrupted attempt uploaded belong to no row and are deleted.
    /// </summary>
    private async Task<Guid> ResumeSandboxAsync(string name, string slug, CancellationToken cancellationToken)
    {
        await using var lookup = scopes.CreateAsyncScope();
        foreach (var tenantId in await lookup.ServiceProvider.GetRequiredService<TenantSweep>().ListTenantIdsAsync(cancellationToken))
        {
            await using var scope = scopes.CreateTenantScope(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            if (await db.Tenants.AsNoTracking().SingleOrDefaultAsync(cancellationToken) is not { } tenant || tenant.Slug != slug)
            {
                continue;
            }

            // The carried tables (CarriedTables), under the sandbox's row-level security.
            var empty = tenant.Name == name && !await db.Users.AnyAsync(cancellationToken) && await db.Database.SqlQuery<bool>(
                $"SELECT NOT EXISTS (SELECT 1 FROM public.people) AND NOT EXISTS (SELECT 1 FROM public.documents) AND NOT EXISTS (SELECT 1 FROM public.notes) AS \"Value\"")
                .SingleAsync(cancellationToken);

            if (!empty)
            {
                throw new RestoreRefusedException("sandbox", $"The sandbox {slug} exists and is not the empty one an interrupted attempt of this restore left; nothing was changed.");
            }

            var container = scope.ServiceProvider.GetRequiredService<DocumentContainer>().Client;
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId:D}/" }, cancellationToken))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }

            LogResumed(logger, tenantId);
            return tenantId;
        }

        throw new RestoreRefusedException("sandbox", $"The slug {slug} is taken by a tenant this restore cannot see; nothing was changed.");
    }

    private async Task SetTargetAsync(Guid tenantId, Guid restoreId, Guid sandboxId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<BackupRestoreRecord>().Where(r => r.Id == restoreId)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.TargetTenantId, sandboxId), cancellationToken);
    }

    // Documents' content first (blob writes are not transactional), then every row and the
    // sandbox's audit event in one transaction: the sandbox shows all of the backup or none of it.
    private async Task FillAsync(ScratchSession session, SandboxRestoreRequest request, BackupDataKeys sourceKeys, SandboxFill fill, AuditOrigin origin,
        CancellationToken cancellationToken)
    {
        var sandboxId = fill.SandboxId!.Value;
        await using var scope = scopes.CreateTenantScope(sandboxId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var keyring = scope.ServiceProvider.GetRequiredService<TenantKeyring>();
        var store = await scope.ServiceProvider.GetRequiredService<DocumentContainer>().StoreAsync(cancellationToken);
        var version = await keyring.ActiveVersionAsync(cancellationToken);

        var documentIds = new Dictionary<Guid, Guid>();
        foreach (var (oldId, keyVersion) in await DocumentsAsync(session, request.TenantId, cancellationToken))
        {
            if (fill.ContentOf(oldId) is not { } path)
            {
                continue;
            }

            var newId = Guid.CreateVersion7();
            var blobName = DocumentsTable.BlobName(sandboxId, newId, version);
            await using (var plaintext = await DocumentCipher.OpenAsync(File.OpenRead(path), request.TenantId, oldId,
                             (v, _) => ValueTask.FromResult(sourceKeys.Lease(v)), keyVersion, cancellationToken: cancellationToken))
            using (var key = await keyring.AcquireAsync(version, cancellationToken))
            {
                fill.Uploaded.Add(blobName);
                await store.UploadAsync(blobName, plaintext, key, newId, long.MaxValue, overwrite: false, cancellationToken);
            }

            documentIds[oldId] = newId;
        }

        fill.Rows = await db.InTransactionAsync(async ct =>
        {
            var platform = (NpgsqlConnection)db.Database.GetDbConnection();
            var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
            var inBackup = session.Manifest.Parts.Where(p => p.Table is not null).Select(p => p.Table!).ToHashSet(StringComparer.Ordinal);
            var tables = (await TenantTableCatalog.DiscoverAsync(platform, transaction, ct))
                .Where(t => CarriedTables.Contains(t.Name) && inBackup.Contains(t.Name)).ToList();
            using var sandboxKey = await keyring.AcquireForWriteAsync(ct);
            var copy = new SandboxRowCopy(session, request.TenantId, sandboxId, sourceKeys, sandboxKey, platform, transaction);
            long rows = 0;
            foreach (var table in tables)
            {
                rows += table.Name switch
                {
                    PeopleTable.Name => await copy.CopyAsync(table, PeopleTable.Descriptor, [], null, ct),
                    // Only documents whose content the backup holds; the uploader was a user of the source tenant.
                    DocumentsTable.Name => await copy.CopyAsync(table, DocumentsTable.Descriptor, documentIds, (_, newId, row) =>
                    {
                        row["blob_name"] = DocumentsTable.BlobName(sandboxId, newId, version);
                        row["key_version"] = version;
                        row["uploader_id"] = null;
                    }, ct, include: documentIds.ContainsKey),
                    _ => await copy.CopyAsync(table, null, [], null, ct),
                };
            }

            await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(AuditFor(sandboxId, origin, request, AuditResult.Success, new()
            {
                ["mode"] = "sandbox",
                ["source_tenant"] = request.TenantId.ToString("D"),
                ["rows"] = rows.ToString(CultureInfo.InvariantCulture),
                ["documents"] = documentIds.Count.ToString(CultureInfo.InvariantCulture),
            }), ct);
            return rows;
        }, cancellationToken);
        fill.Documents = documentIds.Count;
    }

    private static async Task<List<(Guid Id, int KeyVersion)>> DocumentsAsync(ScratchSession session, Guid tenantId, CancellationToken cancellationToken)
    {
        var documents = new List<(Guid, int)>();
        if (!session.Manifest.Parts.Any(p => p.Table == DocumentsTable.Name))
        {
            return documents;
        }

        await using var command = new NpgsqlCommand("SELECT id, key_version FROM public.documents WHERE tenant_id = $1 ORDER BY id", session.Connection, session.Transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }

        return documents;
    }

    // The outcome in the source tenant (its restore record and trail) and, when the sandbox exists
    // but could not be filled, in the sandbox's trail too.
    private async Task FinishAsync(SandboxRestoreRequest request, Guid restoreId, SandboxFill fill, AuditOrigin origin, string? problem, CancellationToken cancellationToken)
    {
        var result = problem is null ? AuditResult.Success : AuditResult.Failure;
        var details = new Dictionary<string, string>
        {
            ["mode"] = "sandbox",
            ["reason"] = request.Reason,
            ["rows"] = fill.Rows.ToString(CultureInfo.InvariantCulture),
            ["documents"] = fill.Documents.ToString(CultureInfo.InvariantCulture),
        };
        if (fill.SandboxId is { } sandboxId)
        {
            details["sandbox_tenant"] = sandboxId.ToString("D");
        }

        if (problem is not null)
        {
            details["problem"] = problem.Length <= 500 ? problem : problem[..500];
        }

        await using (var scope = scopes.CreateTenantScope(request.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var now = time.GetUtcNow();
            await db.InTransactionAsync(async ct =>
            {
                await db.Set<BackupRestoreRecord>().Where(r => r.Id == restoreId).ExecuteUpdateAsync(r => r
                    .SetProperty(x => x.FinishedAt, now)
                    .SetProperty(x => x.Succeeded, problem == null)
                    .SetProperty(x => x.RowsRestored, fill.Rows)
                    .SetProperty(x => x.DocumentsRestored, fill.Documents)
                    .SetProperty(x => x.Error, problem), ct);
                await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(AuditFor(request.TenantId, origin, request, result, details), ct);
            }, cancellationToken);
        }

        if (problem is not null && fill.SandboxId is { } failedSandbox)
        {
            await using var scope = scopes.CreateTenantScope(failedSandbox);
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            await db.InTransactionAsync(ct => scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordAsync(AuditFor(failedSandbox, origin, request, result, new()
            {
                ["mode"] = "sandbox",
                ["source_tenant"] = request.TenantId.ToString("D"),
                ["problem"] = details["problem"],
            }), ct), cancellationToken);
        }
    }

    private AuditEvent AuditFor(Guid tenantId, AuditOrigin origin, SandboxRestoreRequest request, AuditResult result, Dictionary<string, string> details)
    {
        details["operator"] = request.Operator.Trim();
        return new AuditEvent(tenantId.ToString(), time.GetUtcNow(), origin.Actor, AuditActions.BackupRestore,
            new AuditTarget("backup", request.BackupId.ToString("D")), result, Trace: Activity.Current?.TraceId.ToHexString(), Details: details);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup {BackupId} of tenant {TenantId} restored into sandbox tenant {SandboxId}: {Rows} rows, {Documents} documents")]
    private static partial void LogRestored(ILogger logger, Guid tenantId, Guid backupId, Guid sandboxId, long rows, int documents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox tenant {SandboxId}, left empty by an interrupted restore, is filled by a new attempt")]
    private static partial void LogResumed(ILogger logger, Guid sandboxId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restoring backup {BackupId} of tenant {TenantId} into a sandbox failed; the tenant is unchanged")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid tenantId, Guid backupId);
}
