using System.Net;
using System.Net.Sockets;
using Npgsql;
using Viggotech.Core.Data.Provisioning;
using Viggotech.Testing.Postgres;

namespace Viggotech.Core.Tests.Provisioning;

internal static class FreshPlatform
{
    /// <summary>Connection strings for a database and roles that do not exist yet on the server.</summary>
    public static ProvisioningConnectionStrings ConnectionStrings(TestPostgres server)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        return server.PlatformConnectionStrings($"p_{suffix}", $"p_{suffix}_owner", $"p_{suffix}_app");
    }

    public static string WithPassword(string connectionString, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;

    public static string WithHost(string connectionString, string host) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = host }.ConnectionString;

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort() => Viggotech.Testing.Platform.FreePorts.Take(1)[0];
}
