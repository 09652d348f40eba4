using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viggotech.Core.Continuity.Drills;

namespace Viggotech.AppHost.Local.Failover;

/// <summary>
/// Runs DR drills against the local platform, one at a time, and keeps each report twice: in
/// <c>platform.drill_reports</c> (by the drill) and as JSON under <c>.local/pg/drills/</c>, which
/// scripts such as the failover benchmark read.
/// </summary>
public sealed class LocalDrills(
    LocalContext local,
    PostgresTopology topology,
    IResourceWithConnectionString appDatabase,
    IServiceProvider services)
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public PostgresTopology Topology => topology;

    public string ReportsPath => Path.Combine(local.Settings.PostgresRoot, "drills");

    public bool IsRunning => oneAtATime.CurrentCount == 0;

    public async Task<DrillReport> RunAsync(DrillKind kind, CancellationToken cancellationToken = default)
    {
        if (!await oneAtATime.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new InvalidOperationException("a drill is already running");
        }

        try
        {
            var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(topology.RegionB.Resource);
            var control = new LocalFailoverControl(local, topology,
                services.GetRequiredService<DistributedApplicationModel>(),
                services.GetRequiredService<ResourceCommandService>(),
                services.GetRequiredService<ResourceNotificationService>(),
                logger);
            var connectionString = await appDatabase.ConnectionStringExpression.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException("the platform database has no connection string");
            var report = await new FailoverDrill(control, connectionString, logger).RunAsync(kind, cancellationToken);
            await KeepAsync(report);
            return report;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task KeepAsync(DrillReport report)
    {
        Directory.CreateDirectory(ReportsPath);
        var json = JsonSerializer.Serialize(report, FailoverDrill.JsonOptions);
        await File.WriteAllTextAsync(Path.Combine(ReportsPath, $"{report.StartedAt:yyyyMMddTHHmmss}-{report.Kind}.json"), json);
        var latest = Path.Combine(ReportsPath, "latest.json");
        await File.WriteAllTextAsync(latest + ".tmp", json);
        File.Move(latest + ".tmp", latest, overwrite: true);
    }
}
