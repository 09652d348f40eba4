using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Operators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "operators",
                schema: "platform",
                columns: table => new
                {
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_operators", x => x.normalized_email);
                    table.CheckConstraint("ck_operators_normalized_email", "normalized_email = upper(normalized_email) and length(normalized_email) between 3 and 256");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "operators",
                schema: "platform");
        }
    }
}
