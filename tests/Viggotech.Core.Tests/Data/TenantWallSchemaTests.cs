using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Viggotech.Core.Data;
using Viggotech.Core.Tenancy;
using Viggotech.Testing;

namespace Viggotech.Core.Tests.Data;

/// <summary>
/// Guards for tables added later: any relation with a tenant_id column must carry the wall, and
/// every tenant-owned entity the query filter, or these tests name the one that does not.
/// </summary>
[Collection(PlatformDatabaseCollection.Name)]
public sealed class TenantWallSchemaTests(PlatformDatabaseFixture fixture)
{
    // The policy expression as PostgreSQL 15 prints it back (pg_policies).
    private const string ExpectedPolicy =
        "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)";

    [Fact]
    public async Task Every_tenant_table_forces_row_level_security_with_the_tenant_policy()
    {
        await using var connection = await fixture.Platform.OpenAdminConnectionAsync();

        // Materialized views and foreign tables cannot carry row-level security at all: a tenant_id
        // there is a leak by construction, so they are listed too and always fail.
        var tables = await connection.ListAsync<string>(
            """
            select format('%I.%I', n.nspname, c.relname) || ':'
                || case when c.relkind not in ('r', 'p') then ' cannot have row-level security'
                        when not c.relrowsecurity then ' row-level security disabled'
                        when not c.relforcerowsecurity then ' row-level security not forced'
                        when wall.count <> 1 then ' no tenant_isolation policy for all commands and roles with the tenant expression'
                        when other.count > 0 then ' other permissive policies widen the wall'
                        else ' ok' end
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
            cross join lateral (
                select count(*) from pg_policies p
                where p.schemaname = n.nspname and p.tablename = c.relname
                  and p.policyname = 'tenant_isolation' and p.permissive = 'PERMISSIVE' and p.cmd = 'ALL'
                  and p.roles = '{public}' and p.qual = $1 and p.with_check = $1) wall
            cross join lateral (
                select count(*) from pg_policies p
                where p.schemaname = n.nspname and p.tablename = c.relname
                  and p.permissive = 'PERMISSIVE' and p.policyname <> 'tenant_isolation') other
            where c.relkind in ('r', 'p', 'm', 'f')
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
            order by 1
            """,
            ExpectedPolicy);

        Assert.Contains("public.notes: ok", tables);
        Assert.All(tables, table => Assert.EndsWith(": ok", table, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_entity_with_a_tenant_id_column_is_tenant_owned_and_filtered()
    {
        await using var scope = fixture.Platform.WithoutTenant();

        var tenantColumnEntities = scope.Db.Model.GetEntityTypes()
            .Where(type => type.GetProperties().Any(p => p.GetColumnName() == "tenant_id"))
            .ToList();

        Assert.NotEmpty(tenantColumnEntities);
        Assert.All(tenantColumnEntities, type =>
        {
            Assert.True(typeof(ITenantOwned).IsAssignableFrom(type.ClrType), $"{type.ClrType.Name} does not implement ITenantOwned");
            Assert.Contains(type.GetDeclaredQueryFilters(), filter => filter.Key == PlatformDbContext.TenantFilter);
        });
    }
}
