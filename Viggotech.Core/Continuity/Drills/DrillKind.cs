namespace Viggotech.Core.Continuity.Drills;

/// <summary>How a drill takes the primary away.</summary>
public enum DrillKind
{
    /// <summary>Fenced so it can never start as primary again, then shut down cleanly: a planned switchover.</summary>
    Planned,

    /// <summary>Killed with SIGKILL mid-load, as a machine or process crash would: no clean shutdown.</summary>
    Crash,
}
