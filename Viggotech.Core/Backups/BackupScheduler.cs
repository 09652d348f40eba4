using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viggotech.Core.Alerts;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups;

/// <summary>
/// What the Worker's backup job does each run: for every tenant that needs one (a backup was
/// requested, the last one is older than <see cref="BackupsOptions.Interval"/>, or one was
/// interrupted), mark interrupted backups failed and delete their parts, then take the requested
/// or daily backup. Tenants are found through <c>tenants_due_for_backup</c>, which returns ids only.
/// </summary>
public sealed partial class BackupScheduler(
    IServiceScopeFactory scopes,
    BackupRunner runner,
    IOptions<BackupsOptions> options,
    TimeProvider time,
    ILogger<BackupScheduler> logger)
{
    /// <summary>Returns the ids of the backups it ran (completed or failed).</summary>
    public async Task<IReadOnlyList<Guid>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var ran = new List<Guid>();
        foreach (var tenantId in await DueTenantsAsync(cancellationToken))
        {
            if (await RunForTenantAsync(tenantId, cancellationToken) is { } backupId)
            {
                ran.Add(backupId);
            }
        }

        return ran;
    }

    /// <summary>Cleans up after interrupted backups of the tenant, then runs its requested or due backup, if any.</summary>
    public async Task<Guid?> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await FailInterruptedAsync(tenantId, cancellationToken);
        var backupId = await ClaimAsync(tenantId, cancellationToken);
        if (backupId is { } id && !await runner.RunAsync(tenantId, id, cancellationToken))
        {
            await AlertAsync(tenantId, id, cancellationToken);
        }

        return backupId;
    }

    private async Task AlertAsync(Guid tenantId, Guid backupId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var error = await db.Set<BackupRecord>().Where(b => b.Id == backupId).Select(b => b.Error).SingleOrDefaultAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<OperatorAlerts>().RaiseAsync(OperatorAlertKinds.BackupFailed, tenantId, $"backup {backupId:D}",
            $"Backup {backupId:D} failed: {error ?? "unknown error"}", cancellationToken);
    }

    private async Task<List<Guid>> DueTenantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var settings = options.Value;
        return await db.Database.SqlQuery<Guid>($"SELECT tenant_id AS \"Value\" FROM tenants_due_for_backup({settings.Interval}, {settings.StaleAfter}, {settings.RetryAfter}) AS tenant_id")
            .ToListAsync(cancellationToken);
    }

    private async Task FailInterruptedAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        List<Guid> interrupted;
        await using (var scope = scopes.CreateTenantScope(tenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var staleBefore = time.GetUtcNow() - options.Value.StaleAfter;
            interrupted = await db.Set<BackupRecord>()
                .Where(b => b.Status == BackupStatus.Running && (b.HeartbeatAt ?? b.StartedAt ?? b.RequestedAt) < staleBefore)
                .Select(b => b.Id).ToListAsync(cancellationToken);
        }

        foreach (var backupId in interrupted)
        {
            LogInterrupted(logger, tenantId, backupId);
            await runner.FailAsync(tenantId, backupId, "interrupted: its Worker stopped before the manifest was written");
        }
    }

    // A requested backup starts first; otherwise a scheduled one when the last is older than the
    // interval. The unique index on in-progress backups keeps a second Worker from starting another.
    private async Task<Guid?> ClaimAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        var requested = await db.Database.SqlQuery<Guid>($"""
            UPDATE backups SET status = 'running', started_at = {now}, heartbeat_at = {now}
            WHERE status = 'requested' RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        if (requested.Count > 0)
        {
            return requested[0];
        }

        var since = now - options.Value.Interval;
        var retryAfter = now - options.Value.RetryAfter;
        if (await db.Set<BackupRecord>().AnyAsync(b => ((b.Status == BackupStatus.Running || b.Status == BackupStatus.Completed) && b.StartedAt > since)
                || (b.Status == BackupStatus.Failed && b.StartedAt > retryAfter), cancellationToken))
        {
            return null;
        }

        var backupId = Guid.CreateVersion7();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO backups (id, tenant_id, trigger, status, requested_at, started_at, heartbeat_at, parts_total, parts_done, rows_written, documents_total, documents_done, bytes_written)
            VALUES ({backupId}, {tenantId}, 'schedule', 'running', {now}, {now}, {now}, 0, 0, 0, 0, 0, 0)
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        return inserted == 1 ? backupId : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup {BackupId} of tenant {TenantId} was interrupted (no heartbeat); it is marked failed and its parts are deleted")]
    private static partial void LogInterrupted(ILogger logger, Guid tenantId, Guid backupId);
}
