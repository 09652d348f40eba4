using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// A batch the receiver kept refusing (<c>audit_webhook_dead_letters</c>): events
/// <see cref="FirstSeq"/>..<see cref="LastSeq"/>, how often delivery was tried and the last answer.
/// </summary>
public sealed class AuditWebhookDeadLetter : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; init; }

    public Guid WebhookId { get; init; }

    public long FirstSeq { get; init; }

    public long LastSeq { get; init; }

    public int Attempts { get; init; }

    public required string LastError { get; init; }

    public DateTimeOffset FailedAt { get; init; }

    /// <summary>When the tenant resumed delivery, which sends this batch again.</summary>
    public DateTimeOffset? ResumedAt { get; set; }
}
