using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Viggotech.Core.Tenancy;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExportBuildsAndMailOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "data_exports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "key_iterations",
                table: "data_exports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "key_salt",
                table: "data_exports",
                type: "bytea",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_key",
                table: "data_exports",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    to_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    from_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    given_up_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mail_outbox", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mail_outbox_due",
                schema: "platform",
                table: "mail_outbox",
                column: "next_attempt_at",
                filter: "sent_at is null and given_up_at is null");

            // Which tenants have exports waiting for the Worker (asked for, or cut short mid-build).
            // Ids only, each tenant looked at through its own row-level security.
            migrationBuilder.Sql($$"""
                CREATE FUNCTION public.tenants_with_pending_exports()
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
                        IF EXISTS (SELECT 1 FROM public.data_exports WHERE status IN ('requested', 'building') AND sealed_key IS NOT NULL) THEN
                            RETURN NEXT tenant;
                        END IF;
                    END LOOP;
                    PERFORM set_config('{{TenantSessionInterceptor.SettingName}}', previous, true);
                    RETURN;
                END
                $$;
                """);
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION public.tenants_with_pending_exports() FROM PUBLIC;");

            // Delivered mail goes after 30 days, mail given up on after 90 (kept longer for the operators to look into).
            migrationBuilder.Sql(PruneHistory("""
                DELETE FROM platform.mail_outbox WHERE sent_at < now() - interval '30 days' OR given_up_at < now() - interval '90 days';
                GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
                """));
        }

        // platform.prune_history() as migration Continuity made it, with what this migration adds.
        private static string PruneHistory(string more) => $$"""
            CREATE OR REPLACE FUNCTION platform.prune_history()
            RETURNS bigint
            LANGUAGE plpgsql
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                removed bigint := 0;
                n bigint;
            BEGIN
                DELETE FROM platform.probe_results WHERE probed_at < now() - interval '400 days';
                GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
                DELETE FROM platform.job_runs WHERE started_at < now() - interval '90 days';
                GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
                DELETE FROM platform.blob_copies WHERE status = 'copied' AND completed_at < now() - interval '30 days';
                GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
                DELETE FROM platform.drill_writes WHERE written_at < now() - interval '1 day';
                GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
                {{more}}
                RETURN removed;
            END
            $$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PruneHistory(""));
            migrationBuilder.Sql("DROP FUNCTION public.tenants_with_pending_exports();");

            migrationBuilder.DropTable(
                name: "mail_outbox",
                schema: "platform");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "data_exports");

            migrationBuilder.DropColumn(
                name: "key_iterations",
                table: "data_exports");

            migrationBuilder.DropColumn(
                name: "key_salt",
                table: "data_exports");

            migrationBuilder.DropColumn(
                name: "sealed_key",
                table: "data_exports");
        }
    }
}
