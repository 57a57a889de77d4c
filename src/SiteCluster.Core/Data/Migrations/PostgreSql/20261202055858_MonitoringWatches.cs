using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MonitoringWatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AvailabilityProbes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    LatencyMilliseconds = table.Column<int>(type: "integer", nullable: false),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AvailabilityProbes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AvailabilityProbes_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkCheckEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    UrlHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsPage = table.Column<bool>(type: "boolean", nullable: false),
                    FoundOn = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SeenInPass = table.Column<int>(type: "integer", nullable: false),
                    CheckedInPass = table.Column<int>(type: "integer", nullable: false),
                    CheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    IsBroken = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkCheckEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LinkCheckEntries_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkCheckStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Pass = table.Column<int>(type: "integer", nullable: false),
                    PassStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PassCompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PagesChecked = table.Column<int>(type: "integer", nullable: false),
                    LinksChecked = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkCheckStates", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_LinkCheckStates_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpotChecks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    DrawId = table.Column<Guid>(type: "uuid", nullable: false),
                    InspectorSiteId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WindowStart = table.Column<DateOnly>(type: "date", nullable: false),
                    WindowEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    Points = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Conclusion = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpotChecks_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AvailabilityProbes_At",
                table: "AvailabilityProbes",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AvailabilityProbes_TenantId_At",
                table: "AvailabilityProbes",
                columns: new[] { "TenantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkCheckEntries_TenantId_IsBroken",
                table: "LinkCheckEntries",
                columns: new[] { "TenantId", "IsBroken" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkCheckEntries_TenantId_UrlHash",
                table: "LinkCheckEntries",
                columns: new[] { "TenantId", "UrlHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SpotChecks_DrawId",
                table: "SpotChecks",
                column: "DrawId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotChecks_TenantId_StartedAt",
                table: "SpotChecks",
                columns: new[] { "TenantId", "StartedAt" });

            migrationBuilder.EnableTenantRowSecurity("AvailabilityProbes");
            migrationBuilder.EnableTenantRowSecurity("LinkCheckEntries");
            migrationBuilder.EnableTenantRowSecurity("LinkCheckStates");
            migrationBuilder.EnableTenantRowSecurity("SpotChecks");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowSecurity("AvailabilityProbes");
            migrationBuilder.DisableTenantRowSecurity("LinkCheckEntries");
            migrationBuilder.DisableTenantRowSecurity("LinkCheckStates");
            migrationBuilder.DisableTenantRowSecurity("SpotChecks");
            migrationBuilder.DropTable(
                name: "AvailabilityProbes");

            migrationBuilder.DropTable(
                name: "LinkCheckEntries");

            migrationBuilder.DropTable(
                name: "LinkCheckStates");

            migrationBuilder.DropTable(
                name: "SpotChecks");
        }
    }
}
