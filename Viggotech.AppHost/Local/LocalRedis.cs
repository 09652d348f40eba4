using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Viggotech.AppHost.Local;

/// <summary>Redis from the Debian package: the session store, password-protected, loopback only.</summary>
public static class LocalRedis
{
    public static IResourceBuilder<LocalServerResource> AddLocalRedis(this IDistributedApplicationBuilder builder, LocalContext local)
    {
        var port = local.Settings.Ports.Redis;
        Directory.CreateDirectory(local.Settings.RedisData);
        // The password goes in a private config file rather than on the command line, where `ps` would show it.
        var configPath = Path.Combine(local.Settings.RedisData, "redis.conf");
        File.WriteAllText(configPath, string.Join('\n',
            $"port {port.ToString(CultureInfo.InvariantCulture)}",
            "bind 127.0.0.1",
            "protected-mode yes",
            $"dir {local.Settings.RedisData}",
            $"requirepass {local.Values.Redis}",
            "save 60 1",
            "appendonly no",
            "") );
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var healthCheckKey = $"{ResourceNames.Redis}-answers-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new RedisHealthCheck(port, local.Values.Redis), failureStatus: null, tags: null));

        var connectionString = ReferenceExpression.Create(
            $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},password={local.Secrets.Redis},abortConnect=false");
        return builder.AddResource(new LocalServerResource(ResourceNames.Redis, "redis-server", local.Settings.RedisData, connectionString))
            .WithArgs(configPath)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }
}
