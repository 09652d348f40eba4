using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RolesAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<bool>(
                name: "mfa_enrolment_required",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "max_sessions_per_user",
                table: "tenant_security_policies",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "session_absolute_hours",
                table: "tenant_security_policies",
                type: "integer",
                nullable: false,
                defaultValue: 12);

            migrationBuilder.AddColumn<int>(
                name: "session_idle_minutes",
                table: "tenant_security_policies",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<string>(
                name: "session_limit_behaviour",
                table: "tenant_security_policies",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "end-oldest");

            migrationBuilder.CreateTable(
                name: "custom_roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    description = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    permissions = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_custom_roles", x => x.id);
                    table.UniqueConstraint("ak_custom_roles_tenant_id_id", x => new { x.tenant_id, x.id });
                    table.CheckConstraint("ck_custom_roles_name", "length(btrim(name)) between 1 and 80");
                });

            migrationBuilder.CreateTable(
                name: "user_role_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    built_in_role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    custom_role_id = table.Column<Guid>(type: "uuid", nullable: true),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_role_assignments", x => x.id);
                    table.CheckConstraint("ck_user_role_assignments_built_in", "built_in_role is null or built_in_role in ('owner', 'admin', 'security-admin', 'auditor', 'member', 'read-only')");
                    table.CheckConstraint("ck_user_role_assignments_one_role", "(built_in_role is null) <> (custom_role_id is null)");
                    table.ForeignKey(
                        name: "fk_user_role_assignments_custom_roles_tenant_id_custom_role_id",
                        columns: x => new { x.tenant_id, x.custom_role_id },
                        principalTable: "custom_roles",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_role_assignments_users_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_tenant_security_policies_sessions",
                table: "tenant_security_policies",
                sql: "session_idle_minutes between 5 and 1440 and session_absolute_hours between 1 and 24 and session_idle_minutes <= session_absolute_hours * 60 and (max_sessions_per_user is null or max_sessions_per_user between 1 and 100) and session_limit_behaviour in ('refuse-new', 'end-oldest')");

            migrationBuilder.CreateIndex(
                name: "ix_custom_roles_tenant_id_name",
                table: "custom_roles",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_role_assignments_tenant_id_custom_role_id",
                table: "user_role_assignments",
                columns: new[] { "tenant_id", "custom_role_id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_role_assignments_tenant_id_user_id_built_in_role",
                table: "user_role_assignments",
                columns: new[] { "tenant_id", "user_id", "built_in_role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_role_assignments_tenant_id_user_id_custom_role_id",
                table: "user_role_assignments",
                columns: new[] { "tenant_id", "user_id", "custom_role_id" },
                unique: true);

            // Every user keeps the role they had, now as their first assignment. The owner reads past
            // the forced row-level security of users only for this copy.
            migrationBuilder.Sql("""
                ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
                INSERT INTO user_role_assignments (id, tenant_id, user_id, built_in_role, assigned_at)
                SELECT gen_random_uuid(), tenant_id, id, role, created_at FROM users;
                ALTER TABLE users FORCE ROW LEVEL SECURITY;
                """);
            migrationBuilder.EnableTenantIsolation("custom_roles");
            migrationBuilder.EnableTenantIsolation("user_role_assignments");
            migrationBuilder.DropCheckConstraint(
                name: "ck_users_role",
                table: "users");

            migrationBuilder.DropColumn(
                name: "role",
                table: "users");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.DropCheckConstraint(
                name: "ck_tenant_security_policies_sessions",
                table: "tenant_security_policies");

            migrationBuilder.DropColumn(
                name: "mfa_enrolment_required",
                table: "users");

            migrationBuilder.DropColumn(
                name: "max_sessions_per_user",
                table: "tenant_security_policies");

            migrationBuilder.DropColumn(
                name: "session_absolute_hours",
                table: "tenant_security_policies");

            migrationBuilder.DropColumn(
                name: "session_idle_minutes",
                table: "tenant_security_policies");

            migrationBuilder.DropColumn(
                name: "session_limit_behaviour",
                table: "tenant_security_policies");

            migrationBuilder.AddColumn<string>(
                name: "role",
                table: "users",
                type: "text",
                nullable: false,
                defaultValue: "member");

            migrationBuilder.Sql("""
                ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE user_role_assignments NO FORCE ROW LEVEL SECURITY;
                UPDATE users u SET role = a.built_in_role FROM (
                    SELECT DISTINCT ON (user_id) user_id, built_in_role FROM user_role_assignments
                    WHERE built_in_role IS NOT NULL
                    ORDER BY user_id, array_position(ARRAY['owner','admin','security-admin','auditor','member','read-only'], built_in_role)) a
                WHERE a.user_id = u.id;
                ALTER TABLE users FORCE ROW LEVEL SECURITY;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_role",
                table: "users",
                sql: "role in ('owner', 'admin', 'security-admin', 'auditor', 'member', 'read-only')");

            migrationBuilder.DropTable(
                name: "user_role_assignments");

            migrationBuilder.DropTable(
                name: "custom_roles");
        }
    }
}
