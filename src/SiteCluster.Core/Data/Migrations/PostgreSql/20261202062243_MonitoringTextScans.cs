using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MonitoringTextScans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonitoringTextFindings",
                columns: table => new
                {
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImagesWithoutAlt = table.Column<int>(type: "integer", nullable: false),
                    PersonalData = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringTextFindings", x => x.ItemId);
                    table.ForeignKey(
                        name: "FK_MonitoringTextFindings_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MonitoringTextScans",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScannedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ScannerVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringTextScans", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_MonitoringTextScans_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoringTextFindings_TenantId",
                table: "MonitoringTextFindings",
                column: "TenantId");

            migrationBuilder.EnableTenantRowSecurity("MonitoringTextFindings");
            migrationBuilder.EnableTenantRowSecurity("MonitoringTextScans");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowSecurity("MonitoringTextFindings");
            migrationBuilder.DisableTenantRowSecurity("MonitoringTextScans");

            migrationBuilder.DropTable(
                name: "MonitoringTextFindings");

            migrationBuilder.DropTable(
                name: "MonitoringTextScans");
        }
    }
}
