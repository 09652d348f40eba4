using Microsoft.EntityFrameworkCore;
using Npgsql;
using Viggotech.Core.Tenancy;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Tenancy;

[Collection(PlatformDatabaseCollection.Name)]
public sealed class TenantRegistryTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Fact]
    public async Task Sign_up_creates_an_active_tenant_that_sees_its_own_row()
    {
        var slug = $"acme-{Guid.NewGuid():N}"[..16];
        Guid id;
        await using (var anonymous = Platform.WithoutTenant())
        {
            id = await anonymous.Db.CreateTenantAsync("Acme", slug);
        }

        await using var scope = Platform.ForTenant(id);
        var tenant = await scope.Db.Tenants.SingleAsync();

        Assert.Equal((id, "Acme", slug, TenantStatus.Active), (tenant.Id, tenant.Name, tenant.Slug, tenant.Status));
        Assert.InRange(tenant.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Sign_up_with_a_taken_slug_is_refused()
    {
        var slug = $"dup-{Guid.NewGuid():N}"[..16];
        await using var scope = Platform.WithoutTenant();
        await scope.Db.CreateTenantAsync("First", slug);

        var error = await Assert.ThrowsAsync<PostgresException>(() => scope.Db.CreateTenantAsync("Second", slug));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Fact]
    public async Task Sign_up_with_a_malformed_slug_is_refused()
    {
        await using var scope = Platform.WithoutTenant();

        var error = await Assert.ThrowsAsync<PostgresException>(() => scope.Db.CreateTenantAsync("Bad", "Not A Slug"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task App_role_cannot_add_tenants_except_through_sign_up()
    {
        var a = await Platform.NewTenantAsync();
        await using var connection = await Platform.OpenAppConnectionAsync(a);

        // Even a row whose id is the current tenant: the registry has no insert policy.
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "insert into tenants (id, name, slug) values ($1, 'x', $2)", Guid.NewGuid(), $"x-{Guid.NewGuid():N}"[..14]));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Tenant_cannot_change_or_delete_its_own_registry_row()
    {
        var a = await Platform.NewTenantAsync();
        await using var connection = await Platform.OpenAppConnectionAsync(a);

        Assert.Equal(0, await connection.ExecuteAsync("update tenants set status = 'active', name = 'renamed' where id = $1", a));
        Assert.Equal(0, await connection.ExecuteAsync("delete from tenants where id = $1", a));
        Assert.Equal("active", await connection.ScalarAsync<string>("select status from tenants where id = $1", a));
    }
}
