using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ForumApp.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    EssayId = table.Column<int>(type: "INTEGER", nullable: false),
                    CommentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Tokens = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_EssayId",
                table: "SearchDocuments",
                column: "EssayId");

            // The full-text index over the documents' tokens (docs/search.md): an external-content FTS5 table, kept in
            // step with SearchDocuments by triggers. unicode61 only splits the app's space-separated tokens again; it
            // must not fold diacritics, which PostgreSQL's 'simple' configuration keeps.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchIndex" USING fts5("Tokens", content='SearchDocuments', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchDocuments_Inserted" AFTER INSERT ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex"(rowid, "Tokens") VALUES (new."Id", new."Tokens");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchDocuments_Deleted" AFTER DELETE ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex"("SearchIndex", rowid, "Tokens") VALUES ('delete', old."Id", old."Tokens");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchDocuments_Updated" AFTER UPDATE ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex"("SearchIndex", rowid, "Tokens") VALUES ('delete', old."Id", old."Tokens");
                    INSERT INTO "SearchIndex"(rowid, "Tokens") VALUES (new."Id", new."Tokens");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "SearchIndex";""");
            migrationBuilder.DropTable(
                name: "SearchDocuments");
        }
    }
}
