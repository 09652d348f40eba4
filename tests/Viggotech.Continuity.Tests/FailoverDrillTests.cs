using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Viggotech.AppHost;
using Viggotech.AppHost.Local.Failover;
using Viggotech.Core.Continuity.Drills;
using Viggotech.Testing;
using Viggotech.Testing.Platform;
using Xunit.Abstractions;

namespace Viggotech.Continuity.Tests;

/// <summary>
/// DR drills against the whole local platform: real primary and standby processes, a write load
/// through the services' connection string, and the Api following the primary to region B.
/// Each test starts from whatever topology the previous one left, so their order does not matter.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FailoverDrillTests(PlatformFixture platform, ITestOutputHelper output)
{
    private LocalDrills Drills => platform.App.Services.GetRequiredService<LocalDrills>();

    [Fact]
    public async Task Killing_the_primary_during_a_write_load_loses_no_acknowledged_write_and_writes_resume_on_the_standby()
    {
        var before = Drills.Topology.Primary;
        var after = Drills.Topology.Standby;

        var report = await RunAsync(DrillKind.Crash);

        Assert.True(report.Succeeded, $"{report.Error}: {report.Steps}");
        Assert.True(report.AcknowledgedWrites > 10, $"only {report.AcknowledgedWrites} writes were acknowledged");
        Assert.Equal(0, report.LostWrites);
        Assert.NotNull(report.RecoveryMs);
        Assert.Equal(after, Drills.Topology.Primary);

        // The promoted region takes writes; the killed one was rewound into its synchronous standby.
        await using (var promoted = await OpenAsync(after.Port))
        {
            Assert.False(await promoted.ScalarAsync<bool>("select pg_is_in_recovery()"));
            Assert.Equal("sync", await promoted.ScalarAsync<string>(
                "select sync_state from pg_stat_replication where application_name = 'replica1' and state = 'streaming'"));
        }

        await using (var rebuilt = await OpenAsync(before.Port))
        {
            Assert.True(await rebuilt.ScalarAsync<bool>("select pg_is_in_recovery()"));
        }

        await AssertServicesFollowAsync(report.Id);
    }

    [Fact]
    public async Task Planned_drill_then_fail_back_returns_the_primary_to_region_a_with_region_b_as_synchronous_standby()
    {
        if (Drills.Topology.Primary == Drills.Topology.RegionA)
        {
            var away = await RunAsync(DrillKind.Planned);
            Assert.True(away.Succeeded, $"{away.Error}: {away.Steps}");
            Assert.Equal(0, away.LostWrites);
            Assert.Equal(Drills.Topology.RegionB, Drills.Topology.Primary);
        }

        var back = await RunAsync(DrillKind.Planned);

        Assert.True(back.Succeeded, $"{back.Error}: {back.Steps}");
        Assert.Equal(0, back.LostWrites);
        Assert.Equal("region B", back.FromRegion);
        Assert.Equal("region A", back.ToRegion);
        Assert.Equal(Drills.Topology.RegionA, Drills.Topology.Primary);
        await using var regionA = await OpenAsync(platform.Ports["PostgresPrimary"]);
        Assert.False(await regionA.ScalarAsync<bool>("select pg_is_in_recovery()"));
        Assert.Equal("sync", await regionA.ScalarAsync<string>(
            "select sync_state from pg_stat_replication where application_name = 'replica1' and state = 'streaming'"));
        await AssertServicesFollowAsync(back.Id);
    }

    [Fact]
    public async Task A_second_drill_while_one_runs_is_refused()
    {
        var first = Drills.RunAsync(DrillKind.Planned);
        await Task.Delay(200);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Drills.RunAsync(DrillKind.Crash));

        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        var report = await first;
        Assert.True(report.Succeeded, $"{report.Error}: {report.Steps}");
    }

    private async Task<DrillReport> RunAsync(DrillKind kind)
    {
        var report = await Drills.RunAsync(kind);
        output.WriteLine($"{report.Kind} drill {report.FromRegion} -> {report.ToRegion}: RPO {report.LostWrites}/{report.AcknowledgedWrites}, RTO {report.RecoveryMs} ms");
        output.WriteLine(report.Steps);
        return report;
    }

    // The Api reads through the same multi-host string as the drill's load: it must answer from
    // the new primary, and the report must be in the platform's record.
    private async Task AssertServicesFollowAsync(Guid reportId)
    {
        using var api = platform.CreateHttpClient(ResourceNames.Api);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            using var response = await api.GetAsync("/status");
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        await using var connection = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.Database));
        await connection.OpenAsync();
        Assert.Equal(1L, await connection.ScalarAsync<long>("select count(*) from platform.drill_reports where id = $1", reportId));
    }

    private Task<NpgsqlConnection> OpenAsync(int port) => platform.AdminConnectionAsync(port);
}
