using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LegacyRedirects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LegacyRedirects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PathKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OldUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ColumnId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MediaId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MediaName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IsHome = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegacyRedirects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LegacyRedirects_Columns_ColumnId",
                        column: x => x.ColumnId,
                        principalTable: "Columns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LegacyRedirects_ContentItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ContentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LegacyRedirects_MediaItems_MediaId",
                        column: x => x.MediaId,
                        principalTable: "MediaItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LegacyRedirects_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MigrationRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DryRun = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Report = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MigrationRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MigrationRuns_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LegacyRedirects_ColumnId",
                table: "LegacyRedirects",
                column: "ColumnId");

            migrationBuilder.CreateIndex(
                name: "IX_LegacyRedirects_ItemId",
                table: "LegacyRedirects",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_LegacyRedirects_MediaId",
                table: "LegacyRedirects",
                column: "MediaId");

            migrationBuilder.CreateIndex(
                name: "IX_LegacyRedirects_TenantId_PathKey",
                table: "LegacyRedirects",
                columns: new[] { "TenantId", "PathKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MigrationRuns_TenantId_StartedAt",
                table: "MigrationRuns",
                columns: new[] { "TenantId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LegacyRedirects");

            migrationBuilder.DropTable(
                name: "MigrationRuns");
        }
    }
}
