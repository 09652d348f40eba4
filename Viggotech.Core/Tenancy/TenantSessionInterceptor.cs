using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Viggotech.Core.Data;

namespace Viggotech.Core.Tenancy;

/// <summary>
/// Writes the context's tenant into the PostgreSQL session setting <c>app.tenant_id</c> every
/// time EF opens a connection, which is what the row-level security policies compare against.
/// With no tenant it writes an empty string, which matches no row. Setting it on every open,
/// rather than once per physical connection, means a pooled connection never carries over the
/// tenant of its previous user even if the pool's own reset were turned off.
/// </summary>
public sealed class TenantSessionInterceptor : DbConnectionInterceptor
{
    public const string SettingName = "app.tenant_id";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateSetTenantCommand(connection, eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = CreateSetTenantCommand(connection, eventData);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand CreateSetTenantCommand(DbConnection connection, ConnectionEndEventData eventData)
    {
        var tenantId = (eventData.Context as PlatformDbContext)?.TenantId;
        var command = connection.CreateCommand();
        command.CommandText = $"select set_config('{SettingName}', @tenant, false)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "tenant";
        parameter.Value = tenantId?.ToString() ?? string.Empty;
        command.Parameters.Add(parameter);
        return command;
    }
}
