namespace Viggotech.Core.Continuity.Drills;

/// <summary>
/// The outcome of one disaster-recovery drill: what was done, how long each step took, and the two
/// numbers the drill exists for: RPO (acknowledged writes lost) and RTO (primary loss to first write).
/// </summary>
public sealed class DrillReport
{
    public Guid Id { get; init; }

    /// <summary>How the primary was lost: <c>planned</c> (fenced and stopped) or <c>crash</c> (killed).</summary>
    public required string Kind { get; init; }

    public required string FromRegion { get; init; }

    public required string ToRegion { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public long AcknowledgedWrites { get; init; }

    /// <summary>Acknowledged writes missing on the promoted region: the RPO. The target is zero.</summary>
    public long LostWrites { get; init; }

    /// <summary>Milliseconds from primary loss to the first successful write; null when writes never resumed.</summary>
    public long? RecoveryMs { get; init; }

    public bool Succeeded { get; init; }

    /// <summary>The steps and their timings, as JSON (<see cref="DrillStep"/>[]).</summary>
    public required string Steps { get; init; }

    public string? Error { get; init; }
}
