using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RepostSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RepostSubscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceSiteId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceColumnId = table.Column<Guid>(type: "uuid", nullable: false),
                    ColumnId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hold = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RepostSubscriptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RepostSubscriptions_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RepostSubscriptions_SourceSiteId_SourceColumnId",
                table: "RepostSubscriptions",
                columns: new[] { "SourceSiteId", "SourceColumnId" });

            migrationBuilder.CreateIndex(
                name: "IX_RepostSubscriptions_TenantId_SourceColumnId",
                table: "RepostSubscriptions",
                columns: new[] { "TenantId", "SourceColumnId" },
                unique: true);

            migrationBuilder.EnableTenantRowSecurity("RepostSubscriptions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowSecurity("RepostSubscriptions");
            migrationBuilder.DropTable(
                name: "RepostSubscriptions");
        }
    }
}
