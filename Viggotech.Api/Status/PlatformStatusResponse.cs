using Viggotech.Core.Continuity.Status;

namespace Viggotech.Api.Status;

/// <summary>What <c>GET /status</c> returns: no probe details, since failure texts can name internal hosts.</summary>
public sealed record PlatformStatusResponse(
    string Overall,
    string Month,
    double TargetPercent,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ComponentStatusResponse> Components)
{
    public static PlatformStatusResponse From(PlatformStatusReport report) => new(
        report.Overall, report.Month, report.TargetPercent, report.GeneratedAt,
        report.Components.Select(c => new ComponentStatusResponse(c.Id, c.Name, c.State, c.AvailabilityPercent, c.MeetsTarget, c.LastCheckedAt)).ToList());
}

public sealed record ComponentStatusResponse(
    string Id,
    string Name,
    string State,
    double? AvailabilityPercent,
    bool MeetsTarget,
    DateTimeOffset? LastCheckedAt);
