using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Tenants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    slug = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    status = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                    table.CheckConstraint("ck_tenants_name", "length(btrim(name)) between 1 and 200");
                    table.CheckConstraint("ck_tenants_slug", "slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'");
                    table.CheckConstraint("ck_tenants_status", "status in ('active', 'suspended', 'closed')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenants_slug",
                table: "tenants",
                column: "slug",
                unique: true);

            // The registry is not tenant-owned, so it is not forced: its owner role is also the
            // identity that create_tenant (and later operator functions) run as. The app role
            // sees only its current tenant's row and has no write policy at all, so it cannot
            // change a tenant's status or add tenants except through create_tenant.
            migrationBuilder.Sql("ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;");
            migrationBuilder.Sql(
                "CREATE POLICY tenant_self ON public.tenants FOR SELECT " +
                $"USING (id = {TenantIsolationMigrationBuilderExtensions.CurrentTenantSql});");

            // Sign-up: the one controlled way for the app role to add a tenant. It runs as the
            // owner with a pinned search_path so no caller-created object can stand in for
            // tenants or a built-in function.
            migrationBuilder.Sql("""
                CREATE FUNCTION public.create_tenant(tenant_name text, tenant_slug text)
                RETURNS uuid
                LANGUAGE plpgsql
                SECURITY DEFINER
                SET search_path = pg_catalog, pg_temp
                AS $$
                DECLARE
                    new_id uuid := gen_random_uuid();
                BEGIN
                    INSERT INTO public.tenants (id, name, slug, status) VALUES (new_id, tenant_name, tenant_slug, 'active');
                    RETURN new_id;
                END
                $$;
                """);
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.create_tenant(text, text) FROM PUBLIC;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION public.create_tenant(text, text);");

            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
