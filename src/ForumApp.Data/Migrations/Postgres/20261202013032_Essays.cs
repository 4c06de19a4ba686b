using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ForumApp.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Essays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastCommentAt",
                table: "Essays",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RevisedAt",
                table: "Essays",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Essays",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Essays",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Published");

            migrationBuilder.AddColumn<int>(
                name: "EssayRevision",
                table: "Comments",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ParagraphId",
                table: "Comments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Stance",
                table: "Comments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Stance",
                table: "CommentRevisions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EssayDuplicateSuggestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EssayId = table.Column<int>(type: "integer", nullable: false),
                    OtherEssayId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DismissedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    DismissedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EssayDuplicateSuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EssayDuplicateSuggestions_Essays_EssayId",
                        column: x => x.EssayId,
                        principalTable: "Essays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EssayDuplicateSuggestions_Essays_OtherEssayId",
                        column: x => x.OtherEssayId,
                        principalTable: "Essays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EssayParagraphs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EssayId = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ParagraphId = table.Column<int>(type: "integer", nullable: false),
                    Markdown = table.Column<string>(type: "text", nullable: false),
                    Html = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EssayParagraphs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EssayParagraphs_Essays_EssayId",
                        column: x => x.EssayId,
                        principalTable: "Essays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EssayRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EssayId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    BodyMarkdown = table.Column<string>(type: "text", nullable: false),
                    BodyHtml = table.Column<string>(type: "text", nullable: false),
                    AuthorId = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EssayRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EssayRevisions_Authors_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "Authors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EssayRevisions_Essays_EssayId",
                        column: x => x.EssayId,
                        principalTable: "Essays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EssayTags",
                columns: table => new
                {
                    EssayId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EssayTags", x => new { x.EssayId, x.Name });
                    table.ForeignKey(
                        name: "FK_EssayTags_Essays_EssayId",
                        column: x => x.EssayId,
                        principalTable: "Essays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Essays_Status_LastCommentAt",
                table: "Essays",
                columns: new[] { "Status", "LastCommentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Essays_Status_PublishedAt",
                table: "Essays",
                columns: new[] { "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_EssayId_Stance",
                table: "Comments",
                columns: new[] { "EssayId", "Stance" });

            migrationBuilder.CreateIndex(
                name: "IX_EssayDuplicateSuggestions_EssayId_OtherEssayId",
                table: "EssayDuplicateSuggestions",
                columns: new[] { "EssayId", "OtherEssayId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EssayDuplicateSuggestions_OtherEssayId",
                table: "EssayDuplicateSuggestions",
                column: "OtherEssayId");

            migrationBuilder.CreateIndex(
                name: "IX_EssayDuplicateSuggestions_Status_CreatedAt",
                table: "EssayDuplicateSuggestions",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EssayParagraphs_EssayId_Revision_Position",
                table: "EssayParagraphs",
                columns: new[] { "EssayId", "Revision", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EssayRevisions_AuthorId",
                table: "EssayRevisions",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_EssayRevisions_EssayId_Number",
                table: "EssayRevisions",
                columns: new[] { "EssayId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EssayTags_Name",
                table: "EssayTags",
                column: "Name");

            // Essays from before this migration: published at revision 1 (the column defaults), their last reply's time
            // derived once here; their revision 1 and paragraph ids are written at start-up (EssayRevisionWriter.BackfillAsync).
            migrationBuilder.Sql(@"UPDATE ""Essays"" SET ""LastCommentAt"" = (SELECT MAX(c.""CreatedAt"") FROM ""Comments"" c WHERE c.""EssayId"" = ""Essays"".""Id"" AND c.""Status"" = 'Visible');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EssayDuplicateSuggestions");

            migrationBuilder.DropTable(
                name: "EssayParagraphs");

            migrationBuilder.DropTable(
                name: "EssayRevisions");

            migrationBuilder.DropTable(
                name: "EssayTags");

            migrationBuilder.DropIndex(
                name: "IX_Essays_Status_LastCommentAt",
                table: "Essays");

            migrationBuilder.DropIndex(
                name: "IX_Essays_Status_PublishedAt",
                table: "Essays");

            migrationBuilder.DropIndex(
                name: "IX_Comments_EssayId_Stance",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "LastCommentAt",
                table: "Essays");

            migrationBuilder.DropColumn(
                name: "RevisedAt",
                table: "Essays");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Essays");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Essays");

            migrationBuilder.DropColumn(
                name: "EssayRevision",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "ParagraphId",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "Stance",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "Stance",
                table: "CommentRevisions");
        }
    }
}
