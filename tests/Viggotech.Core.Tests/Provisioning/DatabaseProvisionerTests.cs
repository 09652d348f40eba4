using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Viggotech.Core.Data.Provisioning;
using Viggotech.Core.Notes;
using Viggotech.Core.Tenancy;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Provisioning;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class DatabaseProvisionerTests(PlatformDatabaseFixture fixture)
{
    [Fact]
    public async Task Provisioning_twice_is_idempotent_and_keeps_the_data()
    {
        var connectionStrings = FreshPlatform.ConnectionStrings(fixture.Platform.Server);
        await ProvisionAsync(connectionStrings);
        var tenant = await AddTenantWithNoteAsync(connectionStrings.App);

        await ProvisionAsync(connectionStrings);

        await using var owner = await OpenAsync(connectionStrings.Owner);
        Assert.Equal(await AllMigrationsCountAsync(), await owner.ScalarAsync<long>("select count(*) from \"__EFMigrationsHistory\""));
        using var host = PlatformTestDatabase.BuildAppHost(connectionStrings.App);
        await using var scope = TenantScope.For(host.Services, tenant);
        Assert.Equal(1, await scope.Db.Notes.CountAsync());
    }

    [Fact]
    public async Task Provisioning_applies_a_rotated_password()
    {
        var connectionStrings = FreshPlatform.ConnectionStrings(fixture.Platform.Server);
        await ProvisionAsync(connectionStrings);
        var rotated = connectionStrings with { App = FreshPlatform.WithPassword(connectionStrings.App, "rotated-" + Guid.NewGuid()) };

        await ProvisionAsync(rotated);

        var stale = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(connectionStrings.App));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, stale.SqlState);
        await using var current = await OpenAsync(rotated.App);
        Assert.Equal(1, await current.ScalarAsync<int>("select 1"));
    }

    [Fact]
    public async Task Provisioning_follows_the_primary_through_a_multi_host_connection_string()
    {
        var server = fixture.Platform.Server;
        // The first host is down, as a failed-over primary would be; the second is the primary.
        var hosts = $"127.0.0.1:{FreshPlatform.ClosedPort()},127.0.0.1:{server.Port}";
        var single = FreshPlatform.ConnectionStrings(server);
        var multiHost = new ProvisioningConnectionStrings(
            FreshPlatform.WithHost(single.Admin, hosts),
            FreshPlatform.WithHost(single.Owner, hosts) + ";Target Session Attributes=read-write",
            FreshPlatform.WithHost(single.App, hosts) + ";Target Session Attributes=read-write");

        await ProvisionAsync(multiHost);

        Assert.NotEqual(Guid.Empty, await AddTenantWithNoteAsync(multiHost.App));
    }

    [Fact]
    public async Task Provisioned_roles_can_neither_bypass_row_level_security_nor_manage_roles()
    {
        var connectionStrings = FreshPlatform.ConnectionStrings(fixture.Platform.Server);
        await ProvisionAsync(connectionStrings);

        await using var owner = await OpenAsync(connectionStrings.Owner);
        var roles = await owner.ListAsync<string>(
            "select rolname from pg_roles where rolname in ($1, $2) and not (rolsuper or rolbypassrls or rolcreaterole or rolcreatedb or rolreplication) and rolcanlogin",
            new NpgsqlConnectionStringBuilder(connectionStrings.Owner).Username!,
            new NpgsqlConnectionStringBuilder(connectionStrings.App).Username!);
        Assert.Equal(2, roles.Count);
    }

    private static Task ProvisionAsync(ProvisioningConnectionStrings connectionStrings) =>
        new DatabaseProvisioner(connectionStrings, NullLoggerFactory.Instance).ProvisionAsync();

    private static async Task<Guid> AddTenantWithNoteAsync(string appConnectionString)
    {
        using var host = PlatformTestDatabase.BuildAppHost(appConnectionString);
        Guid tenant;
        await using (var anonymous = TenantScope.For(host.Services, null))
        {
            var slug = $"t-{Guid.NewGuid():N}"[..14];
            tenant = await anonymous.Db.CreateTenantAsync("Provisioned", slug);
        }

        await using var scope = TenantScope.For(host.Services, tenant);
        scope.Db.Notes.Add(new Note { Title = "kept", Body = "kept" });
        await scope.Db.SaveChangesAsync();
        return tenant;
    }

    private async Task<long> AllMigrationsCountAsync()
    {
        await using var scope = fixture.Platform.WithoutTenant();
        return scope.Db.Database.GetMigrations().LongCount();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
