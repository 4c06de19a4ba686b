using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForumApp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Moderation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DismissedAt",
                table: "DuplicateSuggestions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DismissedBy",
                table: "DuplicateSuggestions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MergeId",
                table: "DuplicateSuggestions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CommentFlags",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentId = table.Column<int>(type: "INTEGER", nullable: false),
                    EssayId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReporterUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentFlags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommentFlags_Comments_CommentId",
                        column: x => x.CommentId,
                        principalTable: "Comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CommentFlags_Essays_EssayId",
                        column: x => x.EssayId,
                        principalTable: "Essays",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateSuggestions_MergeId",
                table: "DuplicateSuggestions",
                column: "MergeId");

            migrationBuilder.CreateIndex(
                name: "IX_CommentFlags_CommentId",
                table: "CommentFlags",
                column: "CommentId");

            migrationBuilder.CreateIndex(
                name: "IX_CommentFlags_EssayId",
                table: "CommentFlags",
                column: "EssayId");

            migrationBuilder.CreateIndex(
                name: "IX_CommentFlags_Status_CreatedAt",
                table: "CommentFlags",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommentFlags");

            migrationBuilder.DropIndex(
                name: "IX_DuplicateSuggestions_MergeId",
                table: "DuplicateSuggestions");

            migrationBuilder.DropColumn(
                name: "DismissedAt",
                table: "DuplicateSuggestions");

            migrationBuilder.DropColumn(
                name: "DismissedBy",
                table: "DuplicateSuggestions");

            migrationBuilder.DropColumn(
                name: "MergeId",
                table: "DuplicateSuggestions");
        }
    }
}
