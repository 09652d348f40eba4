using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Backups.Records;
using Viggotech.Core.Crypto.Keys;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Backups.Retention;

/// <summary>
/// Deletes a tenant's backups that its retention no longer keeps, from both regions. A backup is
/// marked deleted only once both regions confirm, so one that could not be removed from region B
/// (down) is tried again on the next run. Afterwards, KEK versions that only expired backups used
/// are disabled like any other unreferenced version.
/// </summary>
public sealed partial class BackupRetention(IServiceScopeFactory scopes, BackupStorage storage, TenantKeys keys, TimeProvider time, ILogger<BackupRetention> logger)
{
    /// <summary>Returns how many backups were deleted.</summary>
    public async Task<int> RunAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateTenantScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var policy = await PolicyAsync(db, cancellationToken);
        var completed = await db.Set<BackupRecord>().AsNoTracking().Where(b => b.Status == BackupStatus.Completed)
            .Select(b => new RetainedBackup(b.Id, b.StartedAt ?? b.RequestedAt)).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var backupId in Expired(completed, policy))
        {
            await BackupStorage.DeleteBackupAsync(storage.RegionA, tenantId, backupId, cancellationToken);
            await BackupStorage.DeleteBackupAsync(storage.RegionB, tenantId, backupId, cancellationToken);
            var now = time.GetUtcNow();
            await db.Set<BackupRecord>().Where(b => b.Id == backupId && b.Status == BackupStatus.Completed)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, BackupStatus.Deleted).SetProperty(x => x.DeletedAt, now), cancellationToken);
            deleted++;
        }

        if (deleted > 0)
        {
            LogDeleted(logger, tenantId, deleted);
            await keys.DisableUnreferencedKekVersionsAsync(tenantId, cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// The backups <paramref name="policy"/> lets go of: all but the newest of each of the newest
    /// <see cref="BackupRetentionPolicy.DailyBackups"/> days (UTC) that have a backup, and of each
    /// of the newest <see cref="BackupRetentionPolicy.MonthlyBackups"/> months. The newest backup
    /// is always kept.
    /// </summary>
    public static IReadOnlyList<Guid> Expired(IReadOnlyCollection<RetainedBackup> backups, BackupRetentionPolicy policy)
    {
        var newestFirst = backups.OrderByDescending(b => b.TakenAt).ThenByDescending(b => b.Id).ToList();
        var kept = new HashSet<Guid>();
        foreach (var day in newestFirst.GroupBy(b => DateOnly.FromDateTime(b.TakenAt.UtcDateTime)).Take(Math.Max(1, policy.DailyBackups)))
        {
            kept.Add(day.First().Id);
        }

        foreach (var month in newestFirst.GroupBy(b => (b.TakenAt.UtcDateTime.Year, b.TakenAt.UtcDateTime.Month)).Take(policy.MonthlyBackups))
        {
            kept.Add(month.First().Id);
        }

        return [.. newestFirst.Where(b => !kept.Contains(b.Id)).Select(b => b.Id)];
    }

    internal static async Task<BackupRetentionPolicy> PolicyAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        var policy = await db.Set<BackupPolicy>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return policy is null ? BackupRetentionPolicy.Default : new BackupRetentionPolicy(policy.DailyBackups, policy.MonthlyBackups);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired backups of tenant {TenantId} from both regions")]
    private static partial void LogDeleted(ILogger logger, Guid tenantId, int count);
}

/// <summary>A completed backup as retention sees it: which, and when it was taken.</summary>
public sealed record RetainedBackup(Guid Id, DateTimeOffset TakenAt);
