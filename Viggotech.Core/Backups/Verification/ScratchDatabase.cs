using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Viggotech.Core.Backups.Verification;

/// <summary>
/// The database backups are restored into to be checked (<c>ConnectionStrings:viggotech-restore</c>):
/// a separate database with the platform's schema, provisioned by the migration step and owned by
/// its own role, which can reach nothing else. Every restore into it happens inside one
/// transaction that is rolled back, so restored data never stays there.
/// </summary>
public sealed class ScratchDatabase(IConfiguration configuration)
{
    public const string ConnectionName = Data.PlatformDatabase.RestoreConnectionName;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionName));

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not configured: there is no scratch database to restore backups into.");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true && string.IsNullOrEmpty(builder.TargetSessionAttributes))
        {
            builder.TargetSessionAttributes = "read-write";
        }

        // Restores hold one long transaction; no statement timeout left over from a pooled session.
        builder.CommandTimeout = 0;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
