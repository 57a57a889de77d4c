using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Content : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExpiredContent",
                table: "Sites",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Mark");

            migrationBuilder.CreateTable(
                name: "ContentTypes",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentTypes", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ContentItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ColumnId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Review = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    Attachments = table.Column<string>(type: "TEXT", nullable: false),
                    IndexNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Publisher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    WrittenDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EffectiveDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExpiryDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TopicCategory = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    GenreCategory = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Disclosure = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DisclosureReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DisclosureNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ScheduledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PersonalDataOverride = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ImportKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContentItems_Columns_ColumnId",
                        column: x => x.ColumnId,
                        principalTable: "Columns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContentItems_ContentTypes_ContentType",
                        column: x => x.ContentType,
                        principalTable: "ContentTypes",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContentItems_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContentRelations",
                columns: table => new
                {
                    FromItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ToItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentRelations", x => new { x.FromItemId, x.Field, x.ToItemId });
                    table.ForeignKey(
                        name: "FK_ContentRelations_ContentItems_FromItemId",
                        column: x => x.FromItemId,
                        principalTable: "ContentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ContentRelations_ContentItems_ToItemId",
                        column: x => x.ToItemId,
                        principalTable: "ContentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContentVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContentVersions_ContentItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ContentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_ColumnId",
                table: "ContentItems",
                column: "ColumnId");

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_ContentType",
                table: "ContentItems",
                column: "ContentType");

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_Review_ScheduledAt",
                table: "ContentItems",
                columns: new[] { "Review", "ScheduledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_Status_ExpiryDate",
                table: "ContentItems",
                columns: new[] { "Status", "ExpiryDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_TenantId_ColumnId_Status_PublishedAt",
                table: "ContentItems",
                columns: new[] { "TenantId", "ColumnId", "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_TenantId_ImportKey",
                table: "ContentItems",
                columns: new[] { "TenantId", "ImportKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_TenantId_IndexNumber",
                table: "ContentItems",
                columns: new[] { "TenantId", "IndexNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContentRelations_TenantId_ToItemId",
                table: "ContentRelations",
                columns: new[] { "TenantId", "ToItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentRelations_ToItemId",
                table: "ContentRelations",
                column: "ToItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ContentVersions_ItemId_Number",
                table: "ContentVersions",
                columns: new[] { "ItemId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContentRelations");

            migrationBuilder.DropTable(
                name: "ContentVersions");

            migrationBuilder.DropTable(
                name: "ContentItems");

            migrationBuilder.DropTable(
                name: "ContentTypes");

            migrationBuilder.DropColumn(
                name: "ExpiredContent",
                table: "Sites");
        }
    }
}
