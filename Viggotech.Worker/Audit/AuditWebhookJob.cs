using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Audit.Webhooks;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;
using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Audit;

/// <summary>
/// Pushes new audit events to tenants' webhooks. Runs every <c>Audit:Webhooks:Interval</c>
/// (default five seconds) and visits only tenants with a webhook that is due and behind, as
/// listed by the SECURITY DEFINER function <c>audit_webhook_tenants_due()</c>.
/// </summary>
public sealed partial class AuditWebhookJob(PlatformDbContext db, TenantSweep tenants, ILogger<AuditWebhookJob> logger) : IRecurringJob
{
    public const string Name = "audit-webhooks";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var due = await db.Database.SqlQuery<Guid>($"select audit_webhook_tenants_due() as \"Value\"").ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return;
        }
        long delivered = 0;
        var failed = await tenants.ForEachAsync(due, async (services, ct) =>
            delivered += await services.GetRequiredService<TenantWebhookDelivery>().DeliverAsync(ct), cancellationToken);
        LogRun(logger, due.Count, delivered, failed);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit webhooks: {Tenants} tenants due, {Delivered} events delivered, {Failed} tenants failed")]
    private static partial void LogRun(ILogger logger, int tenants, long delivered, int failed);
}
