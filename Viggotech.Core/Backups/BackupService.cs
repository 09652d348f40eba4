using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Data;
using Viggotech.Core.Jobs;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups;

/// <summary>
/// A tenant's backups as the Api and portal see them: start one on demand, follow its progress,
/// list them, read the last restore test ("last verified restore") and set the retention. Each
/// call runs in the tenant's own scope; callers acting for users must check the user may manage
/// the tenant's backups.
/// </summary>
public sealed class BackupService(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>
    /// Asks for a backup now; the Worker's backup job starts it within its next run (seconds). A
    /// backup already waiting or running is joined rather than doubled. Returns its id, for <see cref="GetAsync"/>.
    /// </summary>
    public async Task<Guid> StartAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        for (var attempt = 1; ; attempt++)
        {
            var current = await InProgressAsync(db, cancellationToken);
            if (current is { } id)
            {
                await JobWakeup.RequestAsync(scope.ServiceProvider, JobNames.Backups, cancellationToken);
                return id;
            }

            var backup = new BackupRecord
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Trigger = BackupTrigger.Request,
                Status = BackupStatus.Requested,
                RequestedAt = time.GetUtcNow(),
            };
            db.Add(backup);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await JobWakeup.RequestAsync(scope.ServiceProvider, JobNames.Backups, cancellationToken);
                return backup.Id;
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && attempt < 3)
            {
                // Another request (or the daily run) got there between the look and the insert.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>One backup's state and progress; null when the tenant has no such backup.</summary>
    public async Task<BackupProgress?> GetAsync(Guid tenantId, Guid backupId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<BackupRecord>().AsNoTracking().Where(b => b.Id == backupId).Select(Progress).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The tenant's backups, newest first, deleted ones left out.</summary>
    public async Task<IReadOnlyList<BackupProgress>> ListAsync(Guid tenantId, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<BackupRecord>().AsNoTracking().Where(b => b.Status != BackupStatus.Deleted)
            .OrderByDescending(b => b.RequestedAt).Take(limit).Select(Progress).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// What the portal shows as "last verified restore": the newest restore test of any of the
    /// tenant's backups, and the newest one that succeeded (the same one when all is well).
    /// Null when no backup of the tenant was restore-tested yet.
    /// </summary>
    public async Task<LastVerifiedRestore?> LastVerifiedRestoreAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var verifications = db.Set<BackupVerificationRecord>().AsNoTracking();
        var latest = await verifications.OrderByDescending(v => v.FinishedAt).FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return null;
        }

        var succeeded = latest.Succeeded ? latest : await verifications.Where(v => v.Succeeded).OrderByDescending(v => v.FinishedAt).FirstOrDefaultAsync(cancellationToken);
        return new LastVerifiedRestore(Summary(latest), succeeded is null ? null : Summary(succeeded));
    }

    /// <summary>The tenant's retention: its own if set, else 35 daily and 12 monthly.</summary>
    public async Task<BackupRetentionPolicy> RetentionAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await Retention.BackupRetention.PolicyAsync(db, cancellationToken);
    }

    /// <exception cref="ArgumentOutOfRangeException">Fewer than one daily backup, or more than ten years of either.</exception>
    public async Task SetRetentionAsync(Guid tenantId, BackupRetentionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.DailyBackups, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(policy.DailyBackups, 3660);
        ArgumentOutOfRangeException.ThrowIfNegative(policy.MonthlyBackups);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(policy.MonthlyBackups, 120);
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO backup_policies (tenant_id, daily_backups, monthly_backups, updated_at)
            VALUES ({tenantId}, {policy.DailyBackups}, {policy.MonthlyBackups}, now())
            ON CONFLICT (tenant_id) DO UPDATE SET daily_backups = excluded.daily_backups, monthly_backups = excluded.monthly_backups, updated_at = now()
            """, cancellationToken);
    }

    internal static async Task<Guid?> InProgressAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        await db.Set<BackupRecord>().Where(b => b.Status == BackupStatus.Requested || b.Status == BackupStatus.Running)
            .Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);

    private static readonly System.Linq.Expressions.Expression<Func<BackupRecord, BackupProgress>> Progress = b => new BackupProgress(
        b.Id, b.Status, b.Trigger, b.RequestedAt, b.StartedAt, b.CompletedAt, b.PartsDone, b.PartsTotal, b.RowsWritten,
        b.DocumentsDone, b.DocumentsTotal, b.BytesWritten, b.Sha256, b.Error);

    private static RestoreTestSummary Summary(BackupVerificationRecord v) =>
        new(v.BackupId, v.FinishedAt, v.Succeeded, v.TablesChecked, v.RowsChecked, v.DocumentsChecked, v.Problem);
}
