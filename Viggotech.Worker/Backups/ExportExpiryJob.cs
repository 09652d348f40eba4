using Viggotech.Core.Exports.Requests;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Backups;

/// <summary>Deletes the files of exports not downloaded within 24 hours of being ready.</summary>
internal sealed partial class ExportExpiryJob(DataExports exports, TenantSweep tenants, ILogger<ExportExpiryJob> logger) : IRecurringJob
{
    public const string Name = "export-expiry";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        var failed = await tenants.ForEachTenantAsync(async (services, ct) =>
        {
            var tenantId = services.GetRequiredService<ITenantContext>().TenantId ?? throw new InvalidOperationException("The sweep entered no tenant.");
            deleted += await exports.DeleteExpiredAsync(tenantId, ct);
        }, cancellationToken);
        if (deleted > 0 || failed > 0)
        {
            LogRun(logger, deleted, failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export expiry: {Deleted} expired exports deleted, {Failed} tenants failed")]
    private static partial void LogRun(ILogger logger, int deleted, int failed);
}
