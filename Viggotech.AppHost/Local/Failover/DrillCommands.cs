using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Viggotech.Core.Continuity.Drills;

namespace Viggotech.AppHost.Local.Failover;

/// <summary>
/// DR drills as dashboard commands on region B's database resource, and optionally one drill as
/// soon as the platform is healthy (<c>--Local:DrillOnStart=crash|planned</c>, for scripted runs).
/// </summary>
public static class DrillCommands
{
    public const string Drill = "dr-drill";
    public const string CrashDrill = "dr-drill-crash";
    public const string FailBack = "fail-back";

    public static IDistributedApplicationBuilder AddDisasterRecoveryDrills(
        this IDistributedApplicationBuilder builder, LocalContext local, LocalPostgresCluster postgres, PlatformDatabase database)
    {
        var topology = postgres.Topology;
        builder.Services.AddSingleton(services => new LocalDrills(local, topology, database.App.Resource, services));

        postgres.RegionB
            .WithCommand(Drill, "DR drill: fail over to the standby region", context => RunAsync(context, DrillKind.Planned), new CommandOptions
            {
                Description = "Under a write load, fence and stop the primary, promote the standby, measure RPO and RTO, and rebuild the old primary as the new standby.",
                ConfirmationMessage = "Fail the platform's database over to the other region now?",
                IconName = "ArrowSwap",
                UpdateState = context => Ready(context, topology, _ => true),
            })
            .WithCommand(CrashDrill, "DR drill: crash the primary (kill -9)", context => RunAsync(context, DrillKind.Crash), new CommandOptions
            {
                Description = "Under a write load, kill the primary with SIGKILL, promote the standby, measure RPO and RTO, and rebuild the old primary with pg_rewind.",
                ConfirmationMessage = "Kill the primary database process now?",
                IconName = "Flash",
                UpdateState = context => Ready(context, topology, _ => true),
            })
            .WithCommand(FailBack, "Fail back to region A", context => RunAsync(context, DrillKind.Planned), new CommandOptions
            {
                Description = "Region B is the primary after a drill: switch the primary back to region A, with region B as its synchronous standby.",
                ConfirmationMessage = "Switch the primary back to region A now?",
                IconName = "ArrowUndo",
                UpdateState = context => Ready(context, topology, t => t.Primary == t.RegionB),
            });

        if (builder.Configuration["Local:DrillOnStart"] is { Length: > 0 } kind)
        {
            var drillKind = Enum.Parse<DrillKind>(kind, ignoreCase: true);
            builder.Services.AddHostedService(services => new DrillOnStart(services.GetRequiredService<LocalDrills>(),
                services.GetRequiredService<ResourceNotificationService>(), drillKind));
        }

        return builder;
    }

    private static ResourceCommandState Ready(UpdateCommandStateContext context, PostgresTopology topology, Func<PostgresTopology, bool> applies)
    {
        var drills = context.Services.GetRequiredService<LocalDrills>();
        return context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
               && !drills.IsRunning && applies(topology)
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
    }

    private static async Task<ExecuteCommandResult> RunAsync(ExecuteCommandContext context, DrillKind kind)
    {
        var drills = context.Services.GetRequiredService<LocalDrills>();
        try
        {
            var report = await drills.RunAsync(kind, context.CancellationToken);
            var figures = $"RPO {report.LostWrites} of {report.AcknowledgedWrites} acknowledged writes lost, " +
                          $"RTO {report.RecoveryMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} ms";
            return report.Succeeded
                ? CommandResults.Success($"{report.ToRegion} is the primary; {report.FromRegion} is its synchronous standby. {figures}.")
                : CommandResults.Failure($"Drill failed: {figures}. {report.Error}");
        }
        catch (InvalidOperationException e)
        {
            return CommandResults.Failure(e.Message);
        }
    }
}
