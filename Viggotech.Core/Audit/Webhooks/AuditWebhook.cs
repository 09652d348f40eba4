using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Webhooks;

/// <summary>
/// A tenant's audit webhook (<c>audit_webhooks</c>) and where its delivery stands: every event up
/// to <see cref="DeliveredThrough"/> was accepted by the receiver; the next batch starts after it.
/// </summary>
public sealed class AuditWebhook : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Id { get; init; }

    public required string Url { get; set; }

    /// <summary>
    /// The HMAC key the receiver checks signatures with (base64url of 32 random bytes), as a field
    /// envelope under the tenant's data key (<see cref="AuditWebhookTable.Secret"/>).
    /// </summary>
    public required byte[] Secret { get; set; }

    public bool Enabled { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public long DeliveredThrough { get; set; }

    /// <summary>Failed attempts at the current batch; reset by a success.</summary>
    public int Failures { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set when the batch was dead-lettered; delivery waits here, in order, until the tenant resumes it.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }
}
