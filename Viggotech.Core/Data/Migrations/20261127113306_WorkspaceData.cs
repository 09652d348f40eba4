using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkspaceData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[][]>(
                name: "name_tokens",
                table: "people",
                type: "bytea[]",
                nullable: false,
                defaultValueSql: "'{}'::bytea[]");

            migrationBuilder.CreateTable(
                name: "tenant_data_settings",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    max_upload_bytes = table.Column<long>(type: "bigint", nullable: true),
                    key_rotation_days = table.Column<int>(type: "integer", nullable: false, defaultValue: 90),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_data_settings", x => x.tenant_id);
                    table.CheckConstraint("ck_tenant_data_settings_rotation", "key_rotation_days between 1 and 730");
                    table.CheckConstraint("ck_tenant_data_settings_upload", "max_upload_bytes is null or max_upload_bytes between 1 and 10737418240");
                    table.ForeignKey(
                        name: "fk_tenant_data_settings_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_people_name_tokens",
                table: "people",
                column: "name_tokens")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.EnableTenantIsolation("tenant_data_settings");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenant_data_settings");

            migrationBuilder.DropIndex(
                name: "ix_people_name_tokens",
                table: "people");

            migrationBuilder.DropColumn(
                name: "name_tokens",
                table: "people");
        }
    }
}
