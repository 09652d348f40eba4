using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Viggotech.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleWithoutNameTokensIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_people_without_name_tokens",
                table: "people",
                columns: new[] { "tenant_id", "id" },
                filter: "cardinality(name_tokens) = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_people_without_name_tokens",
                table: "people");
        }
    }
}
