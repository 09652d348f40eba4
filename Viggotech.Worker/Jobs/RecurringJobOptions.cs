namespace Viggotech.Worker.Jobs;

/// <summary>Configuration section <c>Worker</c>: whether schedules run here and how jobs are coordinated.</summary>
public sealed class RecurringJobOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// False on instances that must not run scheduled jobs, such as the secondary region's Worker
    /// before a failover; commands (such as <c>migrate</c>) are unaffected.
    /// </summary>
    public bool SchedulesEnabled { get; set; } = true;

    /// <summary>
    /// How long a claimed lease lasts without renewal: the longest another instance waits to take
    /// over from one that died. The holder renews it at a third of this.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When not empty, this instance runs only the jobs named here (by name) and leaves the rest to others.</summary>
    public List<string> OnlyJobs { get; } = [];

    /// <summary>Per job (by name): <c>Enabled</c> and <c>Interval</c> overrides.</summary>
    public Dictionary<string, RecurringJobOverride> Jobs { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class RecurringJobOverride
{
    public bool Enabled { get; set; } = true;

    public TimeSpan? Interval { get; set; }
}
