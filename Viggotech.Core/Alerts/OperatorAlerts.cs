using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Data;

namespace Viggotech.Core.Alerts;

/// <summary>
/// Raises alerts for operators: a row in <c>platform.operator_alerts</c> (the operator pages list
/// the open ones), an Error log event (which monitoring turns into a page) and, in the same
/// transaction, a notice from each <see cref="IOperatorAlertNotifier"/> (the operators' mail, through
/// the outbox). Messages name what failed and where, never tenant data.
/// </summary>
public sealed partial class OperatorAlerts(PlatformDbContext db, IEnumerable<IOperatorAlertNotifier> notifiers, TimeProvider time, ILogger<OperatorAlerts> logger)
{
    public async Task RaiseAsync(string kind, Guid? tenantId, string subject, string message, CancellationToken cancellationToken = default)
    {
        LogAlert(logger, kind, tenantId, subject, message);
        var notice = new OperatorAlertNotice(kind, tenantId, subject, Bounded(message), time.GetUtcNow());
        await db.InTransactionAsync(async ct =>
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO platform.operator_alerts (kind, concerns_tenant_id, subject, message) VALUES ({kind}, {tenantId}, {subject}, {notice.Message})
                """, ct);
            foreach (var notifier in notifiers)
            {
                await notifier.NotifyAsync(db, notice, ct);
            }
        }, cancellationToken);
    }

    /// <summary>Alerts nobody has acknowledged yet, newest first.</summary>
    public Task<List<OperatorAlert>> OpenAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        db.Set<OperatorAlert>().AsNoTracking().Where(a => a.AcknowledgedAt == null)
            .OrderByDescending(a => a.RaisedAt).Take(limit).ToListAsync(cancellationToken);

    public async Task<bool> AcknowledgeAsync(long id, string operatorName, CancellationToken cancellationToken = default) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE platform.operator_alerts SET acknowledged_at = now(), acknowledged_by = {operatorName}
            WHERE id = {id} AND acknowledged_at IS NULL
            """, cancellationToken) == 1;

    private static string Bounded(string message) => message.Length <= 2000 ? message : message[..2000];

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator alert {Kind} for tenant {TenantId}, {Subject}: {AlertMessage}")]
    private static partial void LogAlert(ILogger logger, string kind, Guid? tenantId, string subject, string alertMessage);
}
