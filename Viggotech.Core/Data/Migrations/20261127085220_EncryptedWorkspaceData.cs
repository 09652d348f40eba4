using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Viggotech.Core.Tenancy;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class EncryptedWorkspaceData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "blob_deletions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    blob_prefix = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    not_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blob_deletions", x => x.id);
                    table.ForeignKey(
                        name: "fk_blob_deletions_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_key_rotations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target_version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    current_target = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cursor = table.Column<Guid>(type: "uuid", nullable: true),
                    pass = table.Column<int>(type: "integer", nullable: false),
                    values_reencrypted = table.Column<long>(type: "bigint", nullable: false),
                    documents_reencrypted = table.Column<long>(type: "bigint", nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_key_rotations", x => x.id);
                    table.CheckConstraint("ck_data_key_rotations_status", "status in ('running', 'completed', 'superseded', 'blocked', 'abandoned')");
                    table.ForeignKey(
                        name: "fk_data_key_rotations_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<byte[]>(type: "bytea", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    content_type = table.Column<string>(type: "character varying(127)", maxLength: 127, nullable: false),
                    uploader_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    blob_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key_version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                    table.UniqueConstraint("ak_documents_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_documents_key_version", "key_version > 0");
                    table.CheckConstraint("ck_documents_size", "size >= 0");
                    table.ForeignKey(
                        name: "fk_documents_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<byte[]>(type: "bytea", nullable: false),
                    email = table.Column<byte[]>(type: "bytea", nullable: true),
                    email_index = table.Column<byte[]>(type: "bytea", nullable: true),
                    phone = table.Column<byte[]>(type: "bytea", nullable: true),
                    date_of_birth = table.Column<byte[]>(type: "bytea", nullable: true),
                    address = table.Column<byte[]>(type: "bytea", nullable: true),
                    notes = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                    table.UniqueConstraint("ak_people_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_people_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tenant_data_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    wrapped_key = table.Column<byte[]>(type: "bytea", nullable: true),
                    kek_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    destroyed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_data_keys", x => x.id);
                    table.CheckConstraint("ck_tenant_data_keys_material", "(status = 'destroyed') = (wrapped_key is null) and (wrapped_key is null) = (kek_version is null)");
                    table.CheckConstraint("ck_tenant_data_keys_status", "status in ('active', 'retiring', 'retired', 'destroyed')");
                    table.CheckConstraint("ck_tenant_data_keys_version", "version > 0");
                    table.ForeignKey(
                        name: "fk_tenant_data_keys_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blob_deletions_tenant_id_not_before",
                table: "blob_deletions",
                columns: new[] { "tenant_id", "not_before" });

            migrationBuilder.CreateIndex(
                name: "ix_data_key_rotations_tenant_id_status",
                table: "data_key_rotations",
                columns: new[] { "tenant_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_blob_name",
                table: "documents",
                column: "blob_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_tenant_id_created_at_id",
                table: "documents",
                columns: new[] { "tenant_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_tenant_id_key_version",
                table: "documents",
                columns: new[] { "tenant_id", "key_version" });

            migrationBuilder.CreateIndex(
                name: "ix_people_tenant_id_created_at_id",
                table: "people",
                columns: new[] { "tenant_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_people_tenant_id_email_index",
                table: "people",
                columns: new[] { "tenant_id", "email_index" });

            migrationBuilder.CreateIndex(
                name: "ix_tenant_data_keys_active",
                table: "tenant_data_keys",
                column: "tenant_id",
                unique: true,
                filter: "status = 'active'");

            migrationBuilder.CreateIndex(
                name: "ix_tenant_data_keys_tenant_id_version",
                table: "tenant_data_keys",
                columns: new[] { "tenant_id", "version" },
                unique: true);

            migrationBuilder.EnableTenantIsolation("tenant_data_keys");
            migrationBuilder.EnableTenantIsolation("data_key_rotations");
            migrationBuilder.EnableTenantIsolation("people");
            migrationBuilder.EnableTenantIsolation("documents");
            migrationBuilder.EnableTenantIsolation("blob_deletions");

            // The Worker's jobs must find which tenants have work without seeing across the wall:
            // these run as the owner, look into one tenant at a time through the same policies,
            // and return only tenant ids.
            migrationBuilder.Sql(TenantsWithWork("tenants_with_running_key_rotations",
                "SELECT 1 FROM public.data_key_rotations WHERE status = 'running'"));
            migrationBuilder.Sql(TenantsWithWork("tenants_with_due_blob_deletions",
                "SELECT 1 FROM public.blob_deletions WHERE not_before <= now()"));
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.tenants_with_running_key_rotations() FROM PUBLIC;");
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.tenants_with_due_blob_deletions() FROM PUBLIC;");
        }

        private static string TenantsWithWork(string function, string work) => $$"""
            CREATE FUNCTION public.{{function}}()
            RETURNS SETOF uuid
            LANGUAGE plpgsql
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                previous text := coalesce(current_setting('{{TenantSessionInterceptor.SettingName}}', true), '');
                tenant uuid;
            BEGIN
                FOR tenant IN SELECT id FROM public.tenants ORDER BY id LOOP
                    PERFORM set_config('{{TenantSessionInterceptor.SettingName}}', tenant::text, true);
                    IF EXISTS ({{work}}) THEN
                        RETURN NEXT tenant;
                    END IF;
                END LOOP;
                PERFORM set_config('{{TenantSessionInterceptor.SettingName}}', previous, true);
                RETURN;
            END
            $$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION public.tenants_with_due_blob_deletions();");
            migrationBuilder.Sql("DROP FUNCTION public.tenants_with_running_key_rotations();");

            migrationBuilder.DropTable(
                name: "blob_deletions");

            migrationBuilder.DropTable(
                name: "data_key_rotations");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "tenant_data_keys");
        }
    }
}
