using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Viggotech.AppHost.Local;

/// <summary>The two local clusters as resources, and the topology that says which is primary now.</summary>
public sealed record LocalPostgresCluster(
    IResourceBuilder<ExecutableResource> RegionA,
    IResourceBuilder<ExecutableResource> RegionB,
    PostgresTopology Topology);

/// <summary>
/// Region A's and region B's PostgreSQL as local processes: one primary and its synchronous
/// standby. Which is which comes from <see cref="PostgresTopology"/>; each cluster's init step
/// creates it on first run, and afterwards puts it in its current role (rewinding a former
/// primary into a standby after a failover). The standby's init waits for the primary.
/// </summary>
public static class LocalPostgres
{
    public const string StandbyName = "replica1";

    /// <summary>The physical replication slot the standby streams through (postgres-init.sh derives the same name).</summary>
    public const string StandbySlot = StandbyName + "_slot";

    public static LocalPostgresCluster AddLocalPostgres(this IDistributedApplicationBuilder builder, LocalContext local)
    {
        var topology = PostgresTopology.Load(local.Settings);
        var primary = topology.Primary;
        var standby = topology.Standby;

        var primaryInit = builder.AddInitStep(local, primary, "primary");
        var primaryServer = builder.AddPostgresServer(local, primary).WaitForCompletion(primaryInit);

        var standbyInit = builder.AddInitStep(local, standby, "standby")
            .WithEnvironment("PG_PRIMARY_PORT", primary.Port.ToString(CultureInfo.InvariantCulture))
            .WaitFor(primaryServer);
        var standbyServer = builder.AddPostgresServer(local, standby).WaitForCompletion(standbyInit);

        return primary == topology.RegionA
            ? new LocalPostgresCluster(primaryServer, standbyServer, topology)
            : new LocalPostgresCluster(standbyServer, primaryServer, topology);
    }

    /// <summary>The environment the init script needs for <paramref name="node"/> (the drill runs it too).</summary>
    public static IReadOnlyDictionary<string, string> InitEnvironment(LocalContext local, PostgresNode node) => new Dictionary<string, string>
    {
        ["PG_BIN"] = local.PostgresBin,
        ["PG_DATA"] = node.DataPath,
        ["PG_SOCKETS"] = local.Settings.PostgresSockets,
        ["PG_TLS_CERT"] = local.Pki.ServerCertificatePath,
        ["PG_TLS_KEY"] = local.Pki.ServerKeyPath,
        ["PG_STANDBY_NAME"] = StandbyName,
        ["PG_SUPERUSER_PASSWORD"] = local.Values.PostgresSuperuser,
        ["PG_REPLICATION_PASSWORD"] = local.Values.PostgresReplication,
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
    };

    public static string InitScript => Path.Combine(AppContext.BaseDirectory, "Local", "postgres-init.sh");

    /// <summary>The superuser on one cluster, for the AppHost's own checks and the drill.</summary>
    public static string SuperuserConnectionString(LocalContext local, PostgresNode node) =>
        $"Host=127.0.0.1;Port={node.Port};Username=postgres;Password={local.Values.PostgresSuperuser};Database=postgres;" +
        $"SSL Mode=VerifyFull;Root Certificate={local.Pki.CaCertificatePath};Timeout=3;Pooling=false";

    private static IResourceBuilder<ExecutableResource> AddInitStep(
        this IDistributedApplicationBuilder builder, LocalContext local, PostgresNode node, string role) =>
        builder.AddExecutable(node.InitResource, "bash", local.Settings.DataPath, InitScript, role)
            .WithEnvironment("PG_BIN", local.PostgresBin)
            .WithEnvironment("PG_DATA", node.DataPath)
            .WithEnvironment("PG_SOCKETS", local.Settings.PostgresSockets)
            .WithEnvironment("PG_TLS_CERT", local.Pki.ServerCertificatePath)
            .WithEnvironment("PG_TLS_KEY", local.Pki.ServerKeyPath)
            .WithEnvironment("PG_STANDBY_NAME", StandbyName)
            .WithEnvironment("PG_SUPERUSER_PASSWORD", local.Secrets.PostgresSuperuser)
            .WithEnvironment("PG_REPLICATION_PASSWORD", local.Secrets.PostgresReplication)
            .WithEnvironment("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");

    private static IResourceBuilder<ExecutableResource> AddPostgresServer(
        this IDistributedApplicationBuilder builder, LocalContext local, PostgresNode node)
    {
        string[] serverArgs =
        [
            "-D", node.DataPath,
            "-p", node.Port.ToString(CultureInfo.InvariantCulture),
            "-k", local.Settings.PostgresSockets,
            "-c", "listen_addresses=127.0.0.1",
            // A standby that lost its primary retries every 5 s by default, and a promotion requested
            // meanwhile waits out that sleep: most of a planned drill's recovery time.
            "-c", "wal_retrieve_retry_interval=250ms",
        ];
        var postgres = Path.Combine(local.PostgresBin, "postgres");
        // PostgreSQL refuses to run as root; runuser hands SIGTERM on, so a stop is still a clean shutdown.
        var (command, args) = Environment.IsPrivilegedProcess
            ? ("runuser", (string[])["-u", "postgres", "--", postgres, .. serverArgs])
            : (postgres, serverArgs);

        var healthCheckKey = $"{node.Resource}-accepts-connections";
        var connectionString = SuperuserConnectionString(local, node);
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheckKey, _ => new PostgresHealthCheck(connectionString), failureStatus: null, tags: null));

        return builder.AddExecutable(node.Resource, command, local.Settings.DataPath, args)
            .WithEndpoint(port: node.Port, targetPort: node.Port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }
}
