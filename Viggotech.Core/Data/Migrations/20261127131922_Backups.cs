using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Viggotech.Core.Tenancy;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Backups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backup_policies",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    daily_backups = table.Column<int>(type: "integer", nullable: false),
                    monthly_backups = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backup_policies", x => x.tenant_id);
                    table.CheckConstraint("ck_backup_policies_daily", "daily_backups between 1 and 3660");
                    table.CheckConstraint("ck_backup_policies_monthly", "monthly_backups between 0 and 120");
                    table.ForeignKey(
                        name: "fk_backup_policies_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "backups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trigger = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    kek_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    schema_version = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    parts_total = table.Column<int>(type: "integer", nullable: false),
                    parts_done = table.Column<int>(type: "integer", nullable: false),
                    rows_written = table.Column<long>(type: "bigint", nullable: false),
                    documents_total = table.Column<int>(type: "integer", nullable: false),
                    documents_done = table.Column<int>(type: "integer", nullable: false),
                    bytes_written = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backups", x => x.id);
                    table.UniqueConstraint("ak_backups_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_backups_status", "status in ('requested', 'running', 'completed', 'failed', 'deleted')");
                    table.CheckConstraint("ck_backups_trigger", "trigger in ('schedule', 'request')");
                    table.ForeignKey(
                        name: "fk_backups_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_exports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    step = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    percent = table.Column<int>(type: "integer", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ready_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    download_token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    downloaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_exports", x => x.id);
                    table.CheckConstraint("ck_data_exports_status", "status in ('requested', 'building', 'ready', 'downloaded', 'expired', 'failed')");
                    table.ForeignKey(
                        name: "fk_data_exports_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "operator_alerts",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    concerns_tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operator_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "backup_restores",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    backup_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mode = table.Column<string>(type: "text", nullable: false),
                    target_tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    @operator = table.Column<string>(name: "operator", type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    succeeded = table.Column<bool>(type: "boolean", nullable: true),
                    rows_restored = table.Column<long>(type: "bigint", nullable: false),
                    documents_restored = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backup_restores", x => x.id);
                    table.CheckConstraint("ck_backup_restores_mode", "mode in ('sandbox', 'inplace')");
                    table.ForeignKey(
                        name: "fk_backup_restores_backups_tenant_id_backup_id",
                        columns: x => new { x.tenant_id, x.backup_id },
                        principalTable: "backups",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_backup_restores_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "backup_verifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    backup_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    tables_checked = table.Column<int>(type: "integer", nullable: false),
                    rows_checked = table.Column<long>(type: "bigint", nullable: false),
                    documents_checked = table.Column<int>(type: "integer", nullable: false),
                    problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_backup_verifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_backup_verifications_backups_tenant_id_backup_id",
                        columns: x => new { x.tenant_id, x.backup_id },
                        principalTable: "backups",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_backup_verifications_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_backup_restores_tenant_id_backup_id",
                table: "backup_restores",
                columns: new[] { "tenant_id", "backup_id" });

            migrationBuilder.CreateIndex(
                name: "ix_backup_restores_tenant_id_started_at",
                table: "backup_restores",
                columns: new[] { "tenant_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_backup_verifications_tenant_id_backup_id",
                table: "backup_verifications",
                columns: new[] { "tenant_id", "backup_id" });

            migrationBuilder.CreateIndex(
                name: "ix_backup_verifications_tenant_id_finished_at",
                table: "backup_verifications",
                columns: new[] { "tenant_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_backups_in_progress",
                table: "backups",
                column: "tenant_id",
                unique: true,
                filter: "status in ('requested', 'running')");

            migrationBuilder.CreateIndex(
                name: "ix_backups_tenant_id_status_started_at",
                table: "backups",
                columns: new[] { "tenant_id", "status", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_data_exports_tenant_id_requested_at",
                table: "data_exports",
                columns: new[] { "tenant_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_operator_alerts_open",
                schema: "platform",
                table: "operator_alerts",
                column: "raised_at",
                filter: "acknowledged_at is null");

            foreach (var table in new[] { "backups", "backup_policies", "backup_verifications", "backup_restores", "data_exports" })
            {
                migrationBuilder.EnableTenantIsolation(table);
            }

            // Which tenants need a backup now: one was requested, one running stopped beating, or
            // none completed (or is running) within the interval and no attempt failed within the
            // retry delay. Ids only, each tenant looked at through its own row-level security.
            migrationBuilder.Sql(TenantsWithWork("tenants_due_for_backup", "every interval, stale interval, retry interval", """
                SELECT 1 WHERE EXISTS (SELECT 1 FROM public.backups WHERE status = 'requested')
                    OR EXISTS (SELECT 1 FROM public.backups WHERE status = 'running' AND coalesce(heartbeat_at, started_at, requested_at) < now() - stale)
                    OR (NOT EXISTS (SELECT 1 FROM public.backups WHERE status IN ('running', 'completed') AND started_at > now() - every)
                        AND NOT EXISTS (SELECT 1 FROM public.backups WHERE status = 'failed' AND started_at > now() - retry))
                """));
            // Which tenants' newest completed backup has not passed or failed a restore test within the interval.
            migrationBuilder.Sql(TenantsWithWork("tenants_due_for_restore_test", "every interval", """
                SELECT 1 FROM (SELECT id FROM public.backups WHERE status = 'completed' ORDER BY completed_at DESC LIMIT 1) newest
                WHERE NOT EXISTS (SELECT 1 FROM public.backup_verifications v WHERE v.backup_id = newest.id AND v.finished_at > now() - every)
                """));
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.tenants_due_for_backup(interval, interval, interval) FROM PUBLIC;");
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.tenants_due_for_restore_test(interval) FROM PUBLIC;");
        }

        private static string TenantsWithWork(string function, string parameters, string work) => $$"""
            CREATE FUNCTION public.{{function}}({{parameters}})
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
            migrationBuilder.Sql("DROP FUNCTION public.tenants_due_for_restore_test(interval);");
            migrationBuilder.Sql("DROP FUNCTION public.tenants_due_for_backup(interval, interval, interval);");

            migrationBuilder.DropTable(
                name: "backup_policies");

            migrationBuilder.DropTable(
                name: "backup_restores");

            migrationBuilder.DropTable(
                name: "backup_verifications");

            migrationBuilder.DropTable(
                name: "data_exports");

            migrationBuilder.DropTable(
                name: "operator_alerts",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "backups");
        }
    }
}
