using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DisclosureApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DisclosureApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrackingNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApplicantKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IdentityNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ContactPerson = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PreferredFormat = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Delivery = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AmendmentRequestedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AmendmentRequest = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AmendmentDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AmendedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExtendedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    OutcomeReason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    ReplyMediaId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RepliedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AnonymisedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosureApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisclosureApplications_Sites_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkCalendarDays",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IsWorkday = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkCalendarDays", x => x.Date);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DisclosureApplications_TenantId_Status_DueOn",
                table: "DisclosureApplications",
                columns: new[] { "TenantId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DisclosureApplications_TenantId_TrackingNumber",
                table: "DisclosureApplications",
                columns: new[] { "TenantId", "TrackingNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkCalendarDays_Year",
                table: "WorkCalendarDays",
                column: "Year");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisclosureApplications");

            migrationBuilder.DropTable(
                name: "WorkCalendarDays");
        }
    }
}
