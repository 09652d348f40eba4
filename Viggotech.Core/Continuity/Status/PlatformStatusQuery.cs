using Microsoft.EntityFrameworkCore;
using Viggotech.Core.Data;

namespace Viggotech.Core.Continuity.Status;

/// <summary>
/// Turns the probe record into the status page: each component's latest probe gives its current
/// state, and the share of healthy probes since the start of the month (UTC) its availability,
/// measured against the 99.9% uptime target.
/// </summary>
public sealed class PlatformStatusQuery(PlatformDbContext db, TimeProvider time)
{
    public const double TargetPercent = 99.9;

    /// <summary>A probe older than this no longer says anything about now (probes run every 30 s).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(2);

    public Task<PlatformStatusReport> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync(StatusComponent.All, cancellationToken);

    public async Task<PlatformStatusReport> GetAsync(IReadOnlyList<StatusComponent> components, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = components.Select(c => c.Id).ToList();

        var month = await db.ProbeResults.AsNoTracking()
            .Where(p => ids.Contains(p.Component) && p.ProbedAt >= monthStart)
            .GroupBy(p => p.Component)
            .Select(g => new { Component = g.Key, Healthy = g.LongCount(p => p.Healthy), Total = g.LongCount() })
            .ToDictionaryAsync(g => g.Component, cancellationToken);

        var latest = await db.ProbeResults.AsNoTracking()
            .Where(p => ids.Contains(p.Component))
            .GroupBy(p => p.Component)
            .Select(g => g.OrderByDescending(p => p.ProbedAt).First())
            .ToDictionaryAsync(p => p.Component, cancellationToken);

        var statuses = components.Select(component =>
        {
            month.TryGetValue(component.Id, out var counts);
            latest.TryGetValue(component.Id, out var last);
            var state = last is null || now - last.ProbedAt > Freshness ? ComponentState.Unknown
                : last.Healthy ? ComponentState.Operational : ComponentState.Down;
            double? availability = counts is { Total: > 0 } ? Math.Round(100.0 * counts.Healthy / counts.Total, 3) : null;
            return new ComponentStatus(component.Id, component.Name, state, availability,
                availability is null || availability >= TargetPercent, last?.ProbedAt, counts?.Total ?? 0);
        }).ToList();

        var overall = statuses.All(s => s.State == ComponentState.Operational) ? ComponentState.Operational
            : statuses.Any(s => s.State == ComponentState.Down) ? ComponentState.Degraded
            : ComponentState.Unknown;
        return new PlatformStatusReport(overall, monthStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            TargetPercent, now, statuses);
    }
}
