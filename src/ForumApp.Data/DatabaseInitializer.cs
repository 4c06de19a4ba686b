using ForumApp.Data.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ForumApp.Data;

/// <summary>Brings the database up to date at start-up and imports the seed threads into an empty one.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<ForumDbContext> dbFactory,
    DatabaseOptions options,
    ThreadImportService importer,
    Search.SearchIndexer search,
    Core.Markdown.MarkdownRenderer markdown,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Applies migrations; with SQLite, switches the file to WAL so readers never wait for a writer.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // Essays stored before revisions existed get their revision 1 and paragraph ids (once; nothing to do after).
        var backfilled = await Essays.EssayRevisionWriter.BackfillAsync(db, markdown, cancellationToken);
        if (backfilled > 0)
        {
            logger.LogInformation("Gave {EssayCount} essays their first revision and paragraph ids", backfilled);
        }

        // A forum that had essays before search existed gets its index once (the change feed keeps it current after).
        try
        {
            if (await search.BuildIfMissingAsync(cancellationToken))
            {
                logger.LogInformation("Built the search index");
            }
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Building the search index failed (another node may be building it); run `search rebuild` if results are missing");
        }
    }

    /// <summary>Imports every thread file of <paramref name="seedFolder"/> when the database has no essay yet.</summary>
    public async Task SeedAsync(string seedFolder, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Essays.AnyAsync(cancellationToken))
        {
            return;
        }

        if (!Directory.Exists(seedFolder))
        {
            logger.LogWarning("No seed folder at {SeedFolder}; the forum starts empty", seedFolder);
            return;
        }

        var results = await importer.ImportFolderAsync(seedFolder, cancellationToken);
        logger.LogInformation("Seeded {EssayCount} essays from {SeedFolder}", results.Count, seedFolder);
    }
}
