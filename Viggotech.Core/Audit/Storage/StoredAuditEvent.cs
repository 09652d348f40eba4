using Viggotech.Core.Tenancy;

namespace Viggotech.Core.Audit.Storage;

/// <summary>
/// One row of <c>audit_events</c>: the event's canonical JSON exactly as hashed (the source of
/// truth for exports, the pull API and webhooks) and, beside it, the same values as columns for
/// the viewer's filters. Rows are only ever inserted by <see cref="Recording.AuditAppender"/>;
/// the app role cannot change or delete them.
/// </summary>
public sealed class StoredAuditEvent : ITenantOwned
{
    public Guid TenantId { get; set; }

    public long Seq { get; init; }

    public required byte[] PrevHash { get; init; }

    public required byte[] Hash { get; init; }

    /// <summary>UTF-8 canonical JSON (RFC 8785); bytea, never jsonb, which would reorder and respell it.</summary>
    public required byte[] Canonical { get; init; }

    public DateTimeOffset Time { get; init; }

    public required string ActorType { get; init; }

    public required string ActorId { get; init; }

    public required string Action { get; init; }

    public string? TargetType { get; init; }

    public string? TargetId { get; init; }

    public required string Result { get; init; }

    public string? Ip { get; init; }

    public string? UserAgent { get; init; }

    public string? SessionId { get; init; }

    public string? TraceId { get; init; }
}
