using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Viggotech.Core.Alerts;
using Viggotech.Core.Backups.Format;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Crypto;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Verification;

/// <summary>
/// Scheduled restore tests: each tenant's newest completed backup is restored into the scratch
/// database and compared, table by table, with the row counts and content hashes of its manifest
/// (<see cref="RestoreVerifier"/>). Every test is recorded (what the portal shows as "last
/// verified restore"); a failed one raises an operator alert naming the backup and the reason.
/// </summary>
public sealed partial class RestoreTests(
    IServiceScopeFactory scopes,
    RestoreVerifier verifier,
    IOptions<BackupsOptions> options,
    TimeProvider time,
    ILogger<RestoreTests> logger)
{
    /// <summary>Tests the newest backup of every tenant whose newest backup was not tested within the verification interval.</summary>
    public async Task<IReadOnlyList<RestoreTestSummary>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            due = await db.Database.SqlQuery<Guid>(
                    $"SELECT tenant_id AS \"Value\" FROM tenants_due_for_restore_test({options.Value.VerificationInterval}) AS tenant_id")
                .ToListAsync(cancellationToken);
        }

        var results = new List<RestoreTestSummary>();
        foreach (var tenantId in due)
        {
            if (await LatestBackupAsync(tenantId, cancellationToken) is { } backupId)
            {
                results.Add(await VerifyAsync(tenantId, backupId, cancellationToken));
            }
        }

        return results;
    }

    /// <summary>Restores one backup into the scratch database, compares it, records the result and alerts on failure.</summary>
    /// <exception cref="InvalidOperationException">The tenant has no completed backup with this id.</exception>
    public async Task<RestoreTestSummary> VerifyAsync(Guid tenantId, Guid backupId, CancellationToken cancellationToken = default)
    {
        await using (var lookup = scopes.CreateTenantScope(tenantId))
        {
            if (!await lookup.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<BackupRecord>().AnyAsync(b => b.Id == backupId && b.Status == BackupStatus.Completed, cancellationToken))
            {
                throw new InvalidOperationException("The tenant has no completed backup with this id.");
            }
        }

        var startedAt = time.GetUtcNow();
        var record = new BackupVerificationRecord { Id = Guid.CreateVersion7(), TenantId = tenantId, BackupId = backupId, StartedAt = startedAt };
        try
        {
            var check = await verifier.RestoreAsync(tenantId, backupId, documents: null, then: null, cancellationToken);
            record.Succeeded = true;
            record.TablesChecked = check.Tables;
            record.RowsChecked = check.Rows;
            record.DocumentsChecked = check.Documents;
        }
        catch (Exception e) when (IsBackupProblem(e) && !cancellationToken.IsCancellationRequested)
        {
            record.Succeeded = false;
            record.Problem = Problem(e);
        }

        record.FinishedAt = time.GetUtcNow();
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var alerts = scope.ServiceProvider.GetRequiredService<OperatorAlerts>();
        // The failed result and its alert commit together: a Worker that stops in between must not
        // leave a failure the tenant sees but no operator was told about.
        await db.InTransactionAsync(async ct =>
        {
            db.Add(record);
            await db.SaveChangesAsync(ct);
            if (!record.Succeeded)
            {
                await alerts.RaiseAsync(OperatorAlertKinds.BackupVerificationFailed, tenantId,
                    $"backup {backupId:D}", $"The restore test of backup {backupId:D} failed: {record.Problem}", ct);
            }
        }, cancellationToken);
        if (record.Succeeded)
        {
            LogVerified(logger, tenantId, backupId, record.TablesChecked, record.RowsChecked, record.DocumentsChecked);
        }

        return new RestoreTestSummary(backupId, record.FinishedAt, record.Succeeded, record.TablesChecked, record.RowsChecked, record.DocumentsChecked, record.Problem);
    }

    /// <summary>What makes a backup unrestorable, as opposed to the test itself being unable to run (cancelled, scratch database down).</summary>
    internal static bool IsBackupProblem(Exception e) => e is BackupVerificationException or BackupFormatException or DataIntegrityException
        or TenantKeyDestroyedException or TenantKeyUnavailableException or KekVersionDisabledException or InvalidDataException
        or PostgresException { SqlState: not (PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow) };

    internal static string Problem(Exception e)
    {
        var text = e switch
        {
            PostgresException postgres => $"the restored rows were refused by the database ({postgres.SqlState}: {postgres.MessageText})",
            TenantKeyDestroyedException => "the tenant's key-encryption key is destroyed: the backup can no longer be decrypted",
            _ => e.Message,
        };
        return text.Length <= 1000 ? text : text[..1000];
    }

    private async Task<Guid?> LatestBackupAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<BackupRecord>().Where(b => b.Status == BackupStatus.Completed)
            .OrderByDescending(b => b.CompletedAt).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restore test of backup {BackupId} of tenant {TenantId} passed: {Tables} tables, {Rows} rows, {Documents} documents")]
    private static partial void LogVerified(ILogger logger, Guid tenantId, Guid backupId, int tables, long rows, int documents);
}
