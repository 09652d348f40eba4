namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// The first problem found. <see cref="Sequence"/> is the first sequence number that cannot be
/// trusted (for a seal that does not match, the first event it covers); <see cref="Line"/> is
/// where in the bundle it was noticed.
/// </summary>
public sealed record AuditProblem(AuditProblemKind Kind, long? Sequence, long? Line, string Message)
{
    public AuditVerdict Verdict => Kind is AuditProblemKind.NotABundle or AuditProblemKind.InvalidJson or AuditProblemKind.UnreadableInput
        ? AuditVerdict.Unusable
        : AuditVerdict.Invalid;

    public string Title => Kind switch
    {
        AuditProblemKind.ModifiedEvent => "modified event",
        AuditProblemKind.MissingEvents => "deleted events",
        AuditProblemKind.InsertedEvent => "inserted event",
        AuditProblemKind.ReorderedEvents => "reordered events",
        AuditProblemKind.BadSignature => "bad signature",
        AuditProblemKind.UnknownKey => "unknown signing key",
        AuditProblemKind.SealMismatch => "seal does not match the chain",
        AuditProblemKind.SealBeyondEvents => "seal covers missing events",
        AuditProblemKind.Truncated => "truncated bundle",
        AuditProblemKind.TrailerMismatch => "trailer does not match",
        AuditProblemKind.MalformedRecord => "malformed record",
        AuditProblemKind.NotABundle => "not an audit bundle",
        AuditProblemKind.InvalidJson => "invalid JSON",
        AuditProblemKind.UnreadableInput => "unreadable input",
        _ => Kind.ToString(),
    };
}
