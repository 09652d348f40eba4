using Npgsql;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Tenancy;

/// <summary>The app role is what the Api and the jobs connect as: it must not be able to take the wall down.</summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class AppRoleTests(PlatformDatabaseFixture fixture)
{
    private PlatformTestDatabase Platform => fixture.Platform;

    [Theory]
    [InlineData("alter table notes disable row level security")]
    [InlineData("alter table notes no force row level security")]
    [InlineData("drop policy tenant_isolation on notes")]
    [InlineData("create policy everything on notes using (true)")]
    public async Task App_role_cannot_lift_row_level_security(string sql)
    {
        await AssertRefusedAsync(sql);
    }

    [Theory]
    [InlineData("alter table notes add column leaked text")]
    [InlineData("alter table notes owner to current_user")]
    [InlineData("truncate notes")]
    public async Task App_role_cannot_alter_tables(string sql)
    {
        await AssertRefusedAsync(sql);
    }

    [Theory]
    [InlineData("drop table notes")]
    [InlineData("drop table tenants cascade")]
    public async Task App_role_cannot_drop_tables(string sql)
    {
        await AssertRefusedAsync(sql);
    }

    [Theory]
    [InlineData("create table public.shadow (id int)")]
    [InlineData("create temporary table shadow (id int)")]
    [InlineData("create function public.shadow() returns int language sql as 'select 1'")]
    public async Task App_role_cannot_create_objects(string sql)
    {
        await AssertRefusedAsync(sql);
    }

    [Fact]
    public async Task App_role_cannot_switch_row_security_off_to_see_rows()
    {
        var a = await Platform.NewTenantAsync();
        await Platform.AddNoteAsync(a, "a's note");
        await using var connection = await Platform.OpenAppConnectionAsync(a);

        await connection.ExecuteAsync("set row_security = off");
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ScalarAsync<long>("select count(*) from notes"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("row-level security", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_role_is_not_superuser_and_cannot_bypass_row_level_security()
    {
        await using var connection = await Platform.OpenAppConnectionAsync(tenantId: null);

        var attributes = await connection.ListAsync<bool[]>(
            "select array[rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication] from pg_roles where rolname = current_user");

        Assert.Equal(new bool[5], Assert.Single(attributes));
    }

    [Fact]
    public async Task App_role_owns_nothing_and_cannot_act_as_the_owner()
    {
        await using var connection = await Platform.OpenAppConnectionAsync(tenantId: null);

        Assert.Equal(0L, await connection.ScalarAsync<long>("select count(*) from pg_class where relowner = current_user::regrole"));
        await AssertRefusedAsync($"set role {PlatformTestDatabase.OwnerRole}");
    }

    [Fact]
    public async Task App_role_cannot_read_or_change_the_migration_history()
    {
        await AssertRefusedAsync("select count(*) from \"__EFMigrationsHistory\"");
        await AssertRefusedAsync("delete from \"__EFMigrationsHistory\"");
    }

    private async Task AssertRefusedAsync(string sql)
    {
        var a = await Platform.NewTenantAsync();
        await using var connection = await Platform.OpenAppConnectionAsync(a);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
