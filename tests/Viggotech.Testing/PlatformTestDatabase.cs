using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Viggotech.Core.Data;
using Viggotech.Core.Data.Provisioning;
using Viggotech.Core.Tenancy;
using Viggotech.Testing.Postgres;

namespace Viggotech.Testing;

/// <summary>
/// The platform database on a throwaway cluster, provisioned exactly as the migration step does
/// it (roles, database, migrations, grants), with app services wired as the Api and Worker wire
/// them (<c>AddPlatformData</c> on the app role's connection string).
/// </summary>
public sealed class PlatformTestDatabase : IAsyncDisposable
{
    public const string Database = "viggotech";
    public const string OwnerRole = "viggotech_owner";
    public const string AppRole = "viggotech_app";
    public const string RestoreDatabase = "viggotech_restore";
    public const string RestoreRole = "viggotech_restore";

    private readonly IHost appHost;

    private PlatformTestDatabase(TestPostgres server, ProvisioningConnectionStrings connectionStrings, Action<HostApplicationBuilder>? configureApp)
    {
        Server = server;
        ConnectionStrings = connectionStrings;
        appHost = BuildAppHost(connectionStrings.App, configureApp, connectionStrings.Restore);
    }

    public TestPostgres Server { get; }

    public ProvisioningConnectionStrings ConnectionStrings { get; }

    public IServiceProvider Services => appHost.Services;

    /// <param name="configureApp">Adds to the app services, for features beyond platform data (keys, documents...).</param>
    /// <param name="withScratchDatabase">Also provisions the scratch database backups are restore-tested in, and hands it to the app services.</param>
    public static async Task<PlatformTestDatabase> StartAsync(Action<HostApplicationBuilder>? configureApp = null, CancellationToken cancellationToken = default,
        bool withScratchDatabase = false)
    {
        var server = await TestPostgres.StartAsync(cancellationToken);
        try
        {
            var connectionStrings = server.PlatformConnectionStrings(Database, OwnerRole, AppRole);
            if (withScratchDatabase)
            {
                connectionStrings = connectionStrings with { Restore = server.ConnectionString(RestoreRole, TestPostgres.NewPassword(), RestoreDatabase) };
            }

            await new DatabaseProvisioner(connectionStrings, NullLoggerFactory.Instance).ProvisionAsync(cancellationToken);
            return new PlatformTestDatabase(server, connectionStrings, configureApp);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>App services (the same registration as the Api and Worker) on a given app-role connection string.</summary>
    public static IHost BuildAppHost(string appConnectionString, Action<HostApplicationBuilder>? configureApp = null, string? restoreConnectionString = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformDatabase.AppConnectionName}"] = appConnectionString,
            [$"ConnectionStrings:{PlatformDatabase.RestoreConnectionName}"] = restoreConnectionString,
        });
        builder.AddPlatformData();
        configureApp?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>A DI scope acting for the tenant, as a request authenticated for it would.</summary>
    public TenantScope ForTenant(Guid tenantId) => TenantScope.For(Services, tenantId);

    /// <summary>A DI scope acting for no tenant.</summary>
    public TenantScope WithoutTenant() => TenantScope.For(Services, null);

    /// <summary>Signs up a new tenant with a random slug through <c>create_tenant</c>, as the app role.</summary>
    public async Task<Guid> NewTenantAsync(CancellationToken cancellationToken = default)
    {
        var slug = $"t-{Guid.NewGuid():N}"[..14];
        await using var scope = WithoutTenant();
        return await scope.Db.CreateTenantAsync($"Tenant {slug}", slug, cancellationToken);
    }

    /// <summary>
    /// A raw, unpooled connection as the app role, outside EF (no interceptor, no query filter),
    /// with <c>app.tenant_id</c> set as the interceptor would; null leaves it unset.
    /// </summary>
    public async Task<NpgsqlConnection> OpenAppConnectionAsync(Guid? tenantId)
    {
        var connection = await OpenAsync(ConnectionStrings.App);
        if (tenantId is { } id)
        {
            await connection.ExecuteAsync($"select set_config('{TenantSessionInterceptor.SettingName}', $1, false)", id.ToString());
        }

        return connection;
    }

    public Task<NpgsqlConnection> OpenOwnerConnectionAsync() => OpenAsync(ConnectionStrings.Owner);

    /// <summary>The superuser on the platform database: sees past row-level security.</summary>
    public Task<NpgsqlConnection> OpenAdminConnectionAsync() =>
        OpenAsync(new NpgsqlConnectionStringBuilder(ConnectionStrings.Admin) { Database = Database }.ConnectionString);

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        appHost.Dispose();
        await Server.DisposeAsync();
    }
}
