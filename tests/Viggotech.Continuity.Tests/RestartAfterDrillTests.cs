using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Viggotech.AppHost;
using Viggotech.AppHost.Local.Failover;
using Viggotech.Core.Continuity.Drills;
using Viggotech.Testing;
using Viggotech.Testing.Platform;

namespace Viggotech.Continuity.Tests;

/// <summary>After a drill region B is the primary; a restart of the whole platform must keep it so.</summary>
[Collection(Name)]
public sealed class RestartAfterDrillTests
{
    // Its own platforms, booted one after the other; no shared fixture.
    private const string Name = "platform restarted after a drill";

    [Fact]
    public async Task Platform_restarted_after_a_failover_comes_back_with_region_b_primary_and_region_a_its_synchronous_standby()
    {
        var dataPath = PlatformFixture.CreateDataPath();
        try
        {
            await BootDrillAndRestartAsync(dataPath);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async Task BootDrillAndRestartAsync(string dataPath)
    {
        var first = new ReusablePlatform(dataPath, null);
        try
        {
            await first.InitializeAsync();
            var report = await first.App.Services.GetRequiredService<LocalDrills>().RunAsync(DrillKind.Crash);
            Assert.True(report.Succeeded, $"{report.Error}: {report.Steps}");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await WaitUntilStoppedAsync(first);
        var second = new ReusablePlatform(dataPath, first.Ports);
        try
        {
            await second.InitializeAsync();

            await using var regionB = await OpenAsync(second, second.Ports["PostgresReplica"]);
            Assert.False(await regionB.ScalarAsync<bool>("select pg_is_in_recovery()"));
            await using var regionA = await OpenAsync(second, second.Ports["PostgresPrimary"]);
            Assert.True(await regionA.ScalarAsync<bool>("select pg_is_in_recovery()"));
            Assert.Equal("sync", await regionB.ScalarAsync<string>(
                "select sync_state from pg_stat_replication where application_name = 'replica1' and state = 'streaming'"));
            // The drill's report was written to region B before the restart and is still there.
            Assert.Equal(1L, await regionB.ScalarAsync<long>("select count(*) from platform.drill_reports"));
            using var api = second.CreateHttpClient(ResourceNames.Api);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/status")).StatusCode);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static Task<NpgsqlConnection> OpenAsync(PlatformFixture platform, int port) => platform.AdminConnectionAsync(port, "viggotech");

    // The servers of the first boot must be gone before the second binds the same ports and folders.
    private static async Task WaitUntilStoppedAsync(PlatformFixture platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (platform.Ports.Values.Any(InUse) || PostgresRunning(platform.DataPath))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the first platform did not stop within 60 s (ports in use: {string.Join(", ", platform.Ports.Values.Where(InUse))})");
            await Task.Delay(500);
        }
    }

    // A postmaster.pid may outlive its server (a server killed at shutdown); the process is what counts.
    private static bool PostgresRunning(string dataPath) =>
        Directory.EnumerateFiles(Path.Combine(dataPath, "pg"), "postmaster.pid", SearchOption.AllDirectories)
            .Select(file => File.ReadLines(file).FirstOrDefault())
            .Any(pid => int.TryParse(pid, out var id) && Directory.Exists($"/proc/{id}"));

    private static bool InUse(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private sealed class ReusablePlatform(string dataPath, IReadOnlyDictionary<string, int>? ports)
        : PlatformFixture(dataPath, ports ?? NewPorts(), keepData: true);
}
