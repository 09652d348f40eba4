namespace Viggotech.Core.Alerts;

/// <summary>Tells the tenant's security administrators about a new alert (the Api emails them).</summary>
public interface ISecurityAlertNotifier
{
    Task NotifyAsync(SecurityAlert alert, CancellationToken cancellationToken = default);
}
