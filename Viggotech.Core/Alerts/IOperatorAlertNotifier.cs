using Viggotech.Core.Data;

namespace Viggotech.Core.Alerts;

/// <summary>
/// Tells operators about an alert (mail, a pager...), besides the row the operator pages list. It
/// runs inside the transaction that records the alert and must only write there (an outbox row):
/// the notice then exists exactly when the alert does, and is delivered later, with retries.
/// </summary>
public interface IOperatorAlertNotifier
{
    Task NotifyAsync(PlatformDbContext db, OperatorAlertNotice alert, CancellationToken cancellationToken);
}

/// <summary>An alert as raised: what kind, which tenant it concerns, what failed and why (never tenant data).</summary>
public sealed record OperatorAlertNotice(string Kind, Guid? TenantId, string Subject, string Message, DateTimeOffset RaisedAt);
