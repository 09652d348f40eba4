using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OperatorRestoreRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "restore_requests",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    backup_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mode = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    confirmation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    sandbox_owner_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    requested_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    status = table.Column<string>(type: "text", nullable: false),
                    stage = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    percent = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    restore_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sandbox_tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sandbox_slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rows_restored = table.Column<long>(type: "bigint", nullable: false),
                    documents_restored = table.Column<int>(type: "integer", nullable: false),
                    owner_invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restore_requests", x => x.id);
                    table.CheckConstraint("ck_restore_requests_mode", "mode in ('sandbox', 'inplace')");
                    table.CheckConstraint("ck_restore_requests_percent", "percent between 0 and 100");
                    table.CheckConstraint("ck_restore_requests_status", "status in ('queued', 'running', 'succeeded', 'failed')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_restore_requests_status_requested_at",
                schema: "platform",
                table: "restore_requests",
                columns: new[] { "status", "requested_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "restore_requests",
                schema: "platform");
        }
    }
}
