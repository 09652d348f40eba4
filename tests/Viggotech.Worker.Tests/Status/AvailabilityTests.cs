using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Continuity.Status;
using Viggotech.Testing;

namespace Viggotech.Worker.Tests.Status;

/// <summary>Monthly availability and current state, computed by the status query from probe rows in Postgres.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class AvailabilityTests(PlatformDatabaseFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2031, 5, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Availability_is_the_share_of_healthy_probes_this_month_against_the_target()
    {
        var exactlyOnTarget = Component("on-target");
        var belowTarget = Component("below");
        await InsertAsync(exactlyOnTarget, healthy: 999, unhealthy: 1, latestHealthy: true);
        await InsertAsync(belowTarget, healthy: 998, unhealthy: 2, latestHealthy: true);
        // Last month's outage does not count against this month.
        await InsertAsync(exactlyOnTarget, healthy: 0, unhealthy: 500, latestHealthy: false, at: Now.AddMonths(-1));

        var report = await QueryAsync(exactlyOnTarget, belowTarget);

        var onTarget = report.Components.Single(c => c.Id == exactlyOnTarget.Id);
        Assert.Equal(99.9, onTarget.AvailabilityPercent);
        Assert.True(onTarget.MeetsTarget);
        Assert.Equal(1000, onTarget.ProbesThisMonth);
        var below = report.Components.Single(c => c.Id == belowTarget.Id);
        Assert.Equal(99.8, below.AvailabilityPercent);
        Assert.False(below.MeetsTarget);
        Assert.Equal(99.9, report.TargetPercent);
        Assert.Equal("2031-05", report.Month);
    }

    [Fact]
    public async Task Current_state_follows_the_latest_probe_and_goes_unknown_when_probes_stop()
    {
        var up = Component("up");
        var down = Component("down");
        var stale = Component("stale");
        var never = Component("never");
        await InsertAsync(up, healthy: 10, unhealthy: 1, latestHealthy: true);
        await InsertAsync(down, healthy: 10, unhealthy: 0, latestHealthy: false);
        await InsertAsync(stale, healthy: 10, unhealthy: 0, latestHealthy: true, at: Now.AddMinutes(-10));

        var report = await QueryAsync(up, down, stale, never);

        Assert.Equal(ComponentState.Operational, report.Components.Single(c => c.Id == up.Id).State);
        Assert.Equal(ComponentState.Down, report.Components.Single(c => c.Id == down.Id).State);
        Assert.Equal(ComponentState.Unknown, report.Components.Single(c => c.Id == stale.Id).State);
        var nothing = report.Components.Single(c => c.Id == never.Id);
        Assert.Equal(ComponentState.Unknown, nothing.State);
        Assert.Null(nothing.AvailabilityPercent);
        Assert.Equal(ComponentState.Degraded, report.Overall);
    }

    private static StatusComponent Component(string name) => new($"test-{name}-{Guid.NewGuid():N}"[..30], name);

    private async Task<PlatformStatusReport> QueryAsync(params StatusComponent[] components)
    {
        await using var scope = fixture.Platform.WithoutTenant();
        var query = new PlatformStatusQuery(scope.Db, new FixedTime(Now));
        return await query.GetAsync(components);
    }

    // Probes 30 s apart ending at `at` (default: a few seconds before now); the last one has the given outcome.
    private async Task InsertAsync(StatusComponent component, int healthy, int unhealthy, bool latestHealthy, DateTimeOffset? at = null)
    {
        var last = at ?? Now.AddSeconds(-5);
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        var total = healthy + unhealthy;
        await connection.ExecuteAsync(
            """
            insert into platform.probe_results (component, probed_at, healthy, latency_ms)
            select $1, $2::timestamptz - (n * interval '30 seconds'),
                   case when n = 0 then $5 else n <= $3 - (case when $5 then 1 else 0 end) end, 5
            from generate_series(0, $4 - 1) n
            """,
            component.Id, last, healthy, total, latestHealthy);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
