using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class IpRestrictionsAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ip_blocked_attempts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    enforced = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ip_blocked_attempts", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_ip_blocked_attempts_channel", "channel in ('sign-in', 'api', 'portal')");
                    table.ForeignKey(
                        name: "fk_ip_blocked_attempts_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ip_ranges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cidr = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ip_ranges", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_ip_ranges_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ip_restriction_settings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ip_restriction_settings", x => x.tenant_id);
                    table.CheckConstraint("ck_ip_restriction_settings_mode", "mode in ('off', 'report-only', 'enforce')");
                    table.ForeignKey(
                        name: "fk_ip_restriction_settings_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "security_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_security_alerts", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_security_alerts_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ip_blocked_attempts_tenant_id_occurred_at",
                table: "ip_blocked_attempts",
                columns: new[] { "tenant_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ip_ranges_tenant_id_cidr",
                table: "ip_ranges",
                columns: new[] { "tenant_id", "cidr" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_security_alerts_tenant_id_kind_subject_raised_at",
                table: "security_alerts",
                columns: new[] { "tenant_id", "kind", "subject", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_security_alerts_tenant_id_raised_at",
                table: "security_alerts",
                columns: new[] { "tenant_id", "raised_at" });
            migrationBuilder.EnableTenantIsolation("ip_ranges");
            migrationBuilder.EnableTenantIsolation("ip_restriction_settings");
            migrationBuilder.EnableTenantIsolation("ip_blocked_attempts");
            migrationBuilder.EnableTenantIsolation("security_alerts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ip_blocked_attempts");

            migrationBuilder.DropTable(
                name: "ip_ranges");

            migrationBuilder.DropTable(
                name: "ip_restriction_settings");

            migrationBuilder.DropTable(
                name: "security_alerts");
        }
    }
}
