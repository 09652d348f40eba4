namespace Viggotech.Core.Alerts;

/// <summary>Tells operators about an alert as it is raised (mail, a pager...), besides the row the operator pages list.</summary>
public interface IOperatorAlertNotifier
{
    Task NotifyAsync(OperatorAlertNotice alert, CancellationToken cancellationToken);
}

/// <summary>An alert as raised: what kind, which tenant it concerns, what failed and why (never tenant data).</summary>
public sealed record OperatorAlertNotice(string Kind, Guid? TenantId, string Subject, string Message, DateTimeOffset RaisedAt);
