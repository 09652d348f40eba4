namespace Viggotech.Core.Audit.Verification;

/// <summary>
/// The facts about one event that the chain check needs: its place, its link, the hash recorded
/// beside it and the hash recomputed from its content.
/// </summary>
public readonly record struct ObservedEvent(
    long Sequence,
    AuditHash Previous,
    AuditHash RecordedHash,
    AuditHash ComputedHash,
    bool SameTenant,
    long Line);
