using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SiteCluster.Core.Data.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    TrackingNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ApplicantKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IdentityNumber = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ContactPerson = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Purpose = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PreferredFormat = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Delivery = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AmendmentRequestedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AmendmentRequest = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AmendmentDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AmendedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ExtendedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ExtensionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    OutcomeReason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reply = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    ReplyMediaId = table.Column<Guid>(type: "uuid", nullable: true),
                    RepliedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AnonymisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    IsWorkday = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.EnableTenantRowSecurity("DisclosureApplications");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowSecurity("DisclosureApplications");
            migrationBuilder.DropTable(
                name: "DisclosureApplications");

            migrationBuilder.DropTable(
                name: "WorkCalendarDays");
        }
    }
}
