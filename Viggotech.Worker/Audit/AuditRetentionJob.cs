using Viggotech.Core.Audit.Retention;
using Viggotech.Core.Audit.Sealing;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Audit;

/// <summary>
/// Applies each tenant's audit retention: whole sealed segments past it are removed and replaced
/// by a signed prune record. Runs every <c>Audit:RetentionInterval</c> (default six hours).
/// </summary>
public sealed partial class AuditRetentionJob(AuditSigningKeyVault keys, PlatformDbContext db, TenantSweep tenants, ILogger<AuditRetentionJob> logger) : IRecurringJob
{
    public const string Name = "audit-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var signer = await keys.PublishedSignerAsync(db, cancellationToken);
        long removed = 0;
        var failed = await tenants.ForEachTenantAsync(async (services, ct) =>
        {
            if (await services.GetRequiredService<TenantAuditPruner>().PruneAsync(signer, ct) is { } outcome)
            {
                Interlocked.Add(ref removed, outcome.RemovedEvents);
            }
        }, cancellationToken);
        LogRun(logger, removed, failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: {Removed} events past retention removed, {Failed} tenants failed")]
    private static partial void LogRun(ILogger logger, long removed, int failed);
}
