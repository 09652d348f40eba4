namespace Viggotech.Core.Continuity.Status;

/// <summary>Current state and this month's availability of every component, against the SLA target.</summary>
/// <param name="Overall"><c>operational</c> when every component is, <c>degraded</c> when any is down, else <c>unknown</c>.</param>
public sealed record PlatformStatusReport(
    string Overall,
    string Month,
    double TargetPercent,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ComponentStatus> Components);

/// <param name="State"><c>operational</c>, <c>down</c> or <c>unknown</c> (no recent probe).</param>
/// <param name="AvailabilityPercent">Healthy probes over all probes this month, as a percentage; null before the first probe.</param>
public sealed record ComponentStatus(
    string Id,
    string Name,
    string State,
    double? AvailabilityPercent,
    bool MeetsTarget,
    DateTimeOffset? LastCheckedAt,
    long ProbesThisMonth);

public static class ComponentState
{
    public const string Operational = "operational";
    public const string Down = "down";
    public const string Unknown = "unknown";
    public const string Degraded = "degraded";
}
