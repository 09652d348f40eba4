using Npgsql;
using Viggotech.AppHost;

namespace Viggotech.Testing.Platform;

/// <summary>
/// Superuser connections to the platform's Postgres clusters, past row-level security: what an
/// attacker with the database would have, and what tests use to look underneath the services.
/// </summary>
public static class PlatformSuperuser
{
    /// <summary>The platform database on the region A primary.</summary>
    public static async Task<NpgsqlConnection> AdminConnectionAsync(this PlatformFixture platform)
    {
        var connection = new NpgsqlConnection(await platform.AdminConnectionStringAsync());
        await connection.OpenAsync();
        return connection;
    }

    public static Task<string> AdminConnectionStringAsync(this PlatformFixture platform) =>
        platform.AdminConnectionStringAsync(platform.Ports["PostgresPrimary"], "viggotech");

    /// <summary>One cluster, whichever role it has now; <paramref name="database"/> null keeps the admin string's own.</summary>
    public static async Task<NpgsqlConnection> AdminConnectionAsync(this PlatformFixture platform, int port, string? database = null)
    {
        var connection = new NpgsqlConnection(await platform.AdminConnectionStringAsync(port, database));
        await connection.OpenAsync();
        return connection;
    }

    // The admin string lists both hosts; these connections talk to one cluster each.
    private static async Task<string> AdminConnectionStringAsync(this PlatformFixture platform, int port, string? database)
    {
        var builder = new NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.ConnectionStrings.DatabaseAdmin))
        {
            Host = "127.0.0.1",
            Port = port,
            TargetSessionAttributes = null,
            Pooling = false,
        };
        if (database is not null)
        {
            builder.Database = database;
        }

        return builder.ConnectionString;
    }
}
