using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Viggotech.AppHost.Local;

/// <summary>
/// Region A's primary and region B's synchronous standby as local PostgreSQL processes. Each
/// cluster is created on first run by an init step that the server waits for.
/// </summary>
public static class LocalPostgres
{
    public const string StandbyName = "replica1";

    public static IResourceBuilder<ExecutableResource> AddLocalPostgresPrimary(
        this IDistributedApplicationBuilder builder, LocalContext local)
    {
        var init = builder.AddInitStep(ResourceNames.PostgresPrimaryInit, local, "primary", local.Settings.PostgresPrimaryData);
        return builder.AddPostgresServer(ResourceNames.PostgresPrimary, local, local.Settings.PostgresPrimaryData,
                local.Settings.Ports.PostgresPrimary)
            .WaitForCompletion(init);
    }

    public static IResourceBuilder<ExecutableResource> AddLocalPostgresReplica(
        this IDistributedApplicationBuilder builder, LocalContext local, IResourceBuilder<ExecutableResource> primary)
    {
        var init = builder.AddInitStep(ResourceNames.PostgresReplicaInit, local, "replica", local.Settings.PostgresReplicaData)
            .WithEnvironment("PG_PRIMARY_PORT", local.Settings.Ports.PostgresPrimary.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WaitFor(primary);
        return builder.AddPostgresServer(ResourceNames.PostgresReplica, local, local.Settings.PostgresReplicaData,
                local.Settings.Ports.PostgresReplica)
            .WaitForCompletion(init);
    }

    private static IResourceBuilder<ExecutableResource> AddInitStep(
        this IDistributedApplicationBuilder builder, string name, LocalContext local, string role, string dataPath)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Local", "postgres-init.sh");
        return builder.AddExecutable(name, "bash", local.Settings.DataPath, script, role)
            .WithEnvironment("PG_BIN", local.PostgresBin)
            .WithEnvironment("PG_DATA", dataPath)
            .WithEnvironment("PG_SOCKETS", local.Settings.PostgresSockets)
            .WithEnvironment("PG_TLS_CERT", local.Pki.ServerCertificatePath)
            .WithEnvironment("PG_TLS_KEY", local.Pki.ServerKeyPath)
            .WithEnvironment("PG_STANDBY_NAME", StandbyName)
            .WithEnvironment("PG_SUPERUSER_PASSWORD", local.Secrets.PostgresSuperuser)
            .WithEnvironment("PG_REPLICATION_PASSWORD", local.Secrets.PostgresReplication)
            .WithEnvironment("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
    }

    private static IResourceBuilder<ExecutableResource> AddPostgresServer(
        this IDistributedApplicationBuilder builder, string name, LocalContext local, string dataPath, int port)
    {
        string[] serverArgs =
        [
            "-D", dataPath,
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", local.Settings.PostgresSockets,
            "-c", "listen_addresses=127.0.0.1",
        ];
        var postgres = Path.Combine(local.PostgresBin, "postgres");
        // PostgreSQL refuses to run as root; runuser hands SIGTERM on, so a stop is still a clean shutdown.
        var (command, args) = Environment.IsPrivilegedProcess
            ? ("runuser", (string[])["-u", "postgres", "--", postgres, .. serverArgs])
            : (postgres, serverArgs);

        var healthCheckKey = $"{name}-accepts-connections";
        var connectionString =
            $"Host=127.0.0.1;Port={port};Username=postgres;Password={local.Values.PostgresSuperuser};Database=postgres;" +
            $"SSL Mode=VerifyFull;Root Certificate={local.Pki.CaCertificatePath};Timeout=3;Pooling=false";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheckKey, _ => new PostgresHealthCheck(connectionString), failureStatus: null, tags: null));

        return builder.AddExecutable(name, command, local.Settings.DataPath, args)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }
}
