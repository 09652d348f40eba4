namespace Viggotech.Core.Audit.Webhooks;

/// <summary>Delivery of audit events to tenants' webhooks (configuration section <c>Audit:Webhooks</c>).</summary>
public sealed class AuditWebhookOptions
{
    /// <summary>How often the Worker looks for webhooks with events waiting.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed attempts at one batch before it is dead-lettered and delivery is suspended.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failure; it doubles with each further failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver may take to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events per delivery.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Lets webhooks reach loopback and private addresses and plain http. Off in production, where
    /// a tenant's URL must not become a way into the platform's own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
