using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Viggotech.Core.Continuity.Drills;

namespace Viggotech.AppHost.Local.Failover;

/// <summary>Runs one drill once the services are healthy; its report lands in <c>.local/pg/drills/latest.json</c>.</summary>
internal sealed class DrillOnStart(LocalDrills drills, ResourceNotificationService notifications, DrillKind kind) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var resource in new[] { ResourceNames.PostgresPrimary, ResourceNames.PostgresReplica, ResourceNames.Api, ResourceNames.Worker })
        {
            await notifications.WaitForResourceHealthyAsync(resource, stoppingToken);
        }

        await drills.RunAsync(kind, stoppingToken);
    }
}
