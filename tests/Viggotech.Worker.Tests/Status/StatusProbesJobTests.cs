using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Continuity.Replication;
using Viggotech.Core.Continuity.Status;
using Viggotech.Core.Data;
using Viggotech.Testing;
using Viggotech.Testing.Storage;
using Viggotech.Worker.Jobs;
using Viggotech.Worker.Status;

namespace Viggotech.Worker.Tests.Status;

/// <summary>One run of the probes against real Postgres and Azurite, with some components deliberately absent.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class StatusProbesJobTests(PlatformDatabaseFixture fixture) : IAsyncLifetime
{
    private TestRegionalAzurite azurite = null!;

    public async Task InitializeAsync() => azurite = await TestRegionalAzurite.StartAsync();

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    [Fact]
    public async Task A_probe_run_records_every_component_with_what_is_up_and_what_is_down()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        using var host = BuildWorker();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatusProbesJob>().RunAsync(CancellationToken.None);
        }

        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();
        var recorded = (await connection.ListAsync<string[]>(
                "select array[component, healthy::text, coalesce(detail, '')] from platform.probe_results where probed_at >= $1",
                since))
            .ToDictionary(row => row[0], row => (Healthy: row[1] == "true", Detail: row[2]));
        Assert.Equal(StatusComponent.All.Select(c => c.Id).Order(), recorded.Keys.Order());
        Assert.True(recorded[StatusComponent.Database.Id].Healthy);
        Assert.True(recorded[StatusComponent.StorageRegionA.Id].Healthy);
        Assert.True(recorded[StatusComponent.StorageRegionB.Id].Healthy);
        Assert.False(recorded[StatusComponent.Api.Id].Healthy);
        Assert.False(recorded[StatusComponent.SessionStore.Id].Healthy);
        // The throwaway cluster has no standby: replication to region B is down, and says so.
        Assert.False(recorded[StatusComponent.DatabaseReplica.Id].Healthy);
        Assert.Contains("no standby", recorded[StatusComponent.DatabaseReplica.Id].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_query_reports_what_the_probes_recorded()
    {
        using var host = BuildWorker();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StatusProbesJob>().RunAsync(CancellationToken.None);

        var report = await new PlatformStatusQuery(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), TimeProvider.System).GetAsync();

        Assert.Equal(ComponentState.Operational, report.Components.Single(c => c.Id == StatusComponent.Database.Id).State);
        Assert.Equal(ComponentState.Down, report.Components.Single(c => c.Id == StatusComponent.Api.Id).State);
        Assert.Equal(ComponentState.Degraded, report.Overall);
    }

    private IHost BuildWorker()
    {
        var closedPort = FreeLoopbackPort();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformDatabase.AppConnectionName}"] = fixture.Platform.ConnectionStrings.App,
            [$"ConnectionStrings:{RegionalStorage.RegionAConnectionName}"] = azurite.RegionAConnectionString,
            [$"ConnectionStrings:{RegionalStorage.RegionBConnectionName}"] = azurite.RegionBConnectionString,
            ["Status:Probes:Api"] = $"http://127.0.0.1:{closedPort}/health",
            ["Status:Probes:Portal"] = $"http://127.0.0.1:{closedPort}/health",
        });
        builder.Services.AddLogging();
        builder.AddPlatformData();
        builder.AddRecurringJobs();
        builder.AddStatusProbes();
        return builder.Build();
    }

    private static int FreeLoopbackPort() => Viggotech.Testing.Platform.FreePorts.Take(1)[0];
}
