using Viggotech.Worker.Jobs;

namespace Viggotech.Worker.Status;

public static class StatusProbesExtensions
{
    /// <summary>The <c>status-probes</c> job: every component probed every 30 seconds. Needs the regional storage.</summary>
    public static TBuilder AddStatusProbes<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBlobReplicationQueue();
        builder.Services.AddServiceDiscovery();
        // No retries: a probe reports what a user would meet right now, not what a retry hides.
        builder.Services.AddHttpClient(StatusProbesJob.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5))
            .AddServiceDiscovery();
        builder.Services.AddSingleton<StatusProbeSet>();
        builder.Services.AddSingleton<ProbeBacklog>();
        builder.Services.AddRecurringJob<StatusProbesJob>(StatusProbesJob.Name, StatusProbesJob.Interval);
        return builder;
    }
}
