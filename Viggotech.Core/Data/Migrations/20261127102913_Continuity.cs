using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Continuity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "platform");

            migrationBuilder.CreateTable(
                name: "blob_copies",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    container = table.Column<string>(type: "text", nullable: false),
                    blob_name = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    enqueued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blob_copies", x => x.id);
                    table.CheckConstraint("ck_blob_copies_status", "status in ('pending', 'copied', 'gone')");
                });

            migrationBuilder.CreateTable(
                name: "drill_reports",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    from_region = table.Column<string>(type: "text", nullable: false),
                    to_region = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    acknowledged_writes = table.Column<long>(type: "bigint", nullable: false),
                    lost_writes = table.Column<long>(type: "bigint", nullable: false),
                    recovery_ms = table.Column<long>(type: "bigint", nullable: true),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    steps = table.Column<string>(type: "jsonb", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_drill_reports", x => x.id);
                    table.CheckConstraint("ck_drill_reports_kind", "kind in ('planned', 'crash')");
                });

            migrationBuilder.CreateTable(
                name: "job_leases",
                schema: "platform",
                columns: table => new
                {
                    job_name = table.Column<string>(type: "text", nullable: false),
                    holder = table.Column<string>(type: "text", nullable: false),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_leases", x => x.job_name);
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_name = table.Column<string>(type: "text", nullable: false),
                    holder = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                    table.CheckConstraint("ck_job_runs_outcome", "outcome in ('succeeded', 'failed', 'lease-lost', 'cancelled')");
                });

            migrationBuilder.CreateTable(
                name: "probe_results",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    component = table.Column<string>(type: "text", nullable: false),
                    probed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    healthy = table.Column<bool>(type: "boolean", nullable: false),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_probe_results", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blob_copies_container_blob_name",
                schema: "platform",
                table: "blob_copies",
                columns: new[] { "container", "blob_name" },
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_blob_copies_next_attempt_at",
                schema: "platform",
                table: "blob_copies",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_drill_reports_started_at",
                schema: "platform",
                table: "drill_reports",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_job_name_started_at",
                schema: "platform",
                table: "job_runs",
                columns: new[] { "job_name", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_probe_results_component_probed_at",
                schema: "platform",
                table: "probe_results",
                columns: new[] { "component", "probed_at" });

            // Rows the DR drill's write load commits; acknowledged ones must survive a failover.
            migrationBuilder.Sql("""
                CREATE TABLE platform.drill_writes (
                    drill_id uuid NOT NULL,
                    seq bigint NOT NULL,
                    written_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT pk_drill_writes PRIMARY KEY (drill_id, seq)
                );
                """);

            // The schema is closed to everyone but its owner; the migration step grants the app
            // role exactly what PlatformSchema.AppGrants lists.
            migrationBuilder.Sql("REVOKE ALL ON SCHEMA platform FROM PUBLIC;");

            // The only way the app role removes platform history: rows past a fixed age, never
            // recent ones, so a compromised service cannot erase an outage from the probe record.
            migrationBuilder.Sql("""
                CREATE FUNCTION platform.prune_history()
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
                    RETURN removed;
                END
                $$;
                """);
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION platform.prune_history() FROM PUBLIC;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION platform.prune_history();");
            migrationBuilder.Sql("DROP TABLE platform.drill_writes;");

            migrationBuilder.DropTable(
                name: "blob_copies",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "drill_reports",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "job_leases",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "job_runs",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "probe_results",
                schema: "platform");
        }
    }
}
