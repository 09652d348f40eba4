using Viggotech.Core.Backups.Retention;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

/// <summary>Deletes, from both regions, each tenant's backups that its retention (default 35 daily, 12 monthly) no longer keeps.</summary>
internal sealed partial class BackupRetentionJob(BackupRetention retention, TenantSweep tenants, ILogger<BackupRetentionJob> logger) : IRecurringJob
{
    public const string Name = "backup-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        var failed = await tenants.ForEachTenantAsync(async (services, ct) =>
        {
            var tenantId = services.GetRequiredService<ITenantContext>().TenantId ?? throw new InvalidOperationException("The sweep entered no tenant.");
            deleted += await retention.RunAsync(tenantId, ct);
        }, cancellationToken);
        LogRun(logger, deleted, failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup retention: {Deleted} backups deleted, {Failed} tenants failed")]
    private static partial void LogRun(ILogger logger, int deleted, int failed);
}
