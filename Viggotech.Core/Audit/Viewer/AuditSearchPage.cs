namespace Viggotech.Core.Audit.Viewer;

/// <summary>One page of the viewer, newest first; <see cref="Before"/> fetches the next (older) page, null at the end.</summary>
public sealed record AuditSearchPage(IReadOnlyList<AuditEventRow> Events, long? Before);

/// <summary>An event as the viewer lists it; <see cref="ActorName"/> is the user's email when the actor is a user of the tenant.</summary>
public sealed record AuditEventRow(
    long Seq,
    DateTimeOffset Time,
    string ActorType,
    string ActorId,
    string? ActorName,
    string Action,
    string? TargetType,
    string? TargetId,
    string Result,
    string? Ip,
    string? UserAgent,
    string? Session,
    string? Trace,
    IReadOnlyDictionary<string, string> Details);
