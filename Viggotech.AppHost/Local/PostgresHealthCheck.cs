using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Viggotech.AppHost.Local;

/// <summary>Healthy when the server accepts a TLS connection with the superuser's password and answers a query.</summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
