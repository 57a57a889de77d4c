using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationOrganisationKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrganisationKind",
                table: "DisclosureApplications",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OrganisationKind",
                table: "DisclosureApplications");
        }
    }
}
