namespace Viggotech.Web.Audit;

// The Api's audit answers as the portal reads them.

public sealed record AuditSearchPage(IReadOnlyList<AuditEventRow> Events, long? Before);

public sealed record AuditEventRow(
    long Seq, DateTimeOffset Time, string ActorType, string ActorId, string? ActorName, string Action, string? TargetType, string? TargetId,
    string Result, string? Ip, string? UserAgent, string? Session, string? Trace, IReadOnlyDictionary<string, string> Details);

public sealed record AuditRetentionView(int RetentionDays, int MinimumDays, int MaximumDays, int DefaultDays);

public sealed record AuditWebhookStatus(
    Guid Id, string Url, bool Enabled, long DeliveredThrough, int Failures, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? SuspendedAt);

public sealed record CreatedAuditWebhook(Guid Id, string Url, string Secret);

public sealed record AuditDeadLetterView(Guid Id, long FirstSeq, long LastSeq, int Attempts, string LastError, DateTimeOffset FailedAt, DateTimeOffset? ResumedAt);
