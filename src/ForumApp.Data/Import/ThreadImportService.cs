using System.Globalization;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Import;
using ForumApp.Core.Markdown;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Data.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ForumApp.Data.Import;

/// <summary>The outcome of importing one thread file.</summary>
/// <param name="FileName">The file imported.</param>
/// <param name="EssayId">The essay it created, or the one it had created before.</param>
/// <param name="AlreadyImported">True when the same bytes were imported before and nothing was written.</param>
/// <param name="CommentCount">Comments readers see.</param>
/// <param name="CollapsedCount">Repeated copies stored as merged records.</param>
public sealed record ImportResult(string FileName, int EssayId, bool AlreadyImported, int CommentCount, int CollapsedCount);

/// <summary>Stores thread files as essays with their discussion, each in one transaction.</summary>
public sealed class ThreadImportService(
    IDbContextFactory<ForumDbContext> dbFactory,
    ThreadImportPlanner planner,
    MarkdownRenderer markdown,
    TimeProvider clock,
    ILogger<ThreadImportService> logger)
{
    /// <summary>The actor recorded for merges the import makes.</summary>
    public const string ImportActor = AuditActors.Import;

    /// <summary>Imports every *.txt thread file of <paramref name="folder"/>, in name order.</summary>
    public async Task<IReadOnlyList<ImportResult>> ImportFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var results = new List<ImportResult>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            results.Add(await ImportFileAsync(path, cancellationToken));
        }

        return results;
    }

    /// <summary>Reads and imports one thread file; throws <see cref="ThreadFileException"/> for a malformed one.</summary>
    public async Task<ImportResult> ImportFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThreadFileException(name, 1, $"cannot read the file ({e.Message})");
        }

        return await ImportAsync(ThreadFileReader.Read(name, bytes), cancellationToken);
    }

    /// <summary>Imports a thread file read before. The same bytes twice create nothing new.</summary>
    public async Task<ImportResult> ImportAsync(ThreadFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Essays.AsNoTracking()
            .Where(e => e.SourceHash == file.Sha256)
            .Select(e => new { e.Id, e.CommentCount })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            logger.LogInformation("{File} was imported before as essay {EssayId}; nothing to do", file.FileName, existing.Id);
            return new ImportResult(file.FileName, existing.Id, true, existing.CommentCount, 0);
        }

        var plan = planner.Plan(file);
        var now = clock.GetUtcNow().UtcDateTime;
        var published = file.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var essayAuthor = await FindOrCreateAuthorAsync(db, plan.AuthorName, cancellationToken);
        var unknown = await FindOrCreateAuthorAsync(db, null, cancellationToken);
        var essay = new Essay
        {
            Slug = plan.Slug,
            Title = plan.Title,
            Lede = plan.Lede,
            BodyMarkdown = plan.BodyMarkdown,
            BodyHtml = markdown.ToSafeHtml(plan.BodyMarkdown),
            Author = essayAuthor,
            PublishedAt = published,
            Language = "ko",
            SourceFile = file.FileName,
            SourceHash = file.Sha256,
            CreatedAt = now,
        };
        db.Essays.Add(essay);
        await db.SaveChangesAsync(cancellationToken);
        // An imported essay is revision 1, its paragraphs numbered from 1 in reading order.
        await Essays.EssayRevisionWriter.AddAsync(db, markdown, essay, 1, published, [], cancellationToken);

        // Kept comments first, in file order, so their ids follow the thread; then the copies that repeat them.
        var byLine = new Dictionary<int, Comment>();
        foreach (var planned in plan.Comments.Where(c => c.MergedIntoLine is null))
        {
            byLine[planned.Line] = AddComment(db, essay, unknown, planned, published);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var planned in plan.Comments.Where(c => c.MergedIntoLine is not null))
        {
            byLine[planned.Line] = AddComment(db, essay, unknown, planned, published);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Every collapse is a merge by the import, through the merge service (audited, undoable like a moderator's);
        // all of them staged first and saved at once.
        var comments = byLine.Values.ToDictionary(c => c.Id);
        var staged = plan.Comments.Where(c => c.MergedIntoLine is not null).GroupBy(c => c.MergedIntoLine!.Value)
            .Select(group => MergeService.Stage(
                db,
                comments,
                ImportActor,
                byLine[group.Key].Id,
                [.. group.Select(c => byLine[c.Line].Id)],
                string.Create(CultureInfo.InvariantCulture, $"{group.First().Kind?.ToString().ToLowerInvariant()} duplicate in {file.FileName} (score {group.First().Score:0.###})"),
                now))
            .ToList();
        await db.SaveChangesAsync(cancellationToken);
        await MergeService.CompleteStagedAsync(db, staged, now, cancellationToken, recordChanges: false);

        db.SourceLines.Add(new SourceLine
        {
            EssayId = essay.Id,
            SourceFile = file.FileName,
            LineNumber = file.Lines[0].Number - 1,
            Role = SourceLineRole.Date,
            Text = file.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        foreach (var line in plan.Lines)
        {
            db.SourceLines.Add(new SourceLine
            {
                EssayId = essay.Id,
                SourceFile = file.FileName,
                LineNumber = line.Number,
                Role = line.Role,
                Text = line.Text,
                DuplicateOfLine = line.DuplicateOfLine,
                CommentId = byLine.TryGetValue(line.Number, out var c) ? c.Id : null,
            });
        }

        var visible = plan.Comments.Count(c => c.MergedIntoLine is null);
        db.AuditLog.Add(AuditEntry.Create(now, ImportActor, AuditActions.Import, AuditTargets.Essay(essay.Id), essay.Id,
            after: new { file = file.FileName, sha256 = file.Sha256, comments = visible, collapsed = plan.CollapsedCount }));
        db.RecordChange(ForumChange.EssayChanged(essay.Id, essayAuthor.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation(
            "Imported {File} as essay {EssayId} with {CommentCount} comments, collapsed {DuplicateCount} repeated copies",
            file.FileName, essay.Id, visible, plan.CollapsedCount);
        return new ImportResult(file.FileName, essay.Id, false, visible, plan.CollapsedCount);
    }

    private Comment AddComment(ForumDbContext db, Essay essay, Author author, PlannedComment planned, DateTime createdAt)
    {
        var comment = new Comment
        {
            EssayId = essay.Id,
            Author = author,
            BodyMarkdown = planned.Text,
            BodyHtml = markdown.ToSafeHtml(planned.Text),
            CreatedAt = createdAt,
            Status = CommentStatus.Visible,
            SourceFile = essay.SourceFile,
            SourceLine = planned.Line,
            ContentHash = ContentHash.Of(planned.Text),
        };
        db.Comments.Add(comment);
        return comment;
    }

    private static async Task<Author> FindOrCreateAuthorAsync(ForumDbContext db, string? name, CancellationToken cancellationToken)
    {
        var author = name is null
            ? await db.Authors.FirstOrDefaultAsync(a => a.IsUnknown, cancellationToken)
            : await db.Authors.FirstOrDefaultAsync(a => !a.IsUnknown && a.UserId == null && a.DisplayName == name, cancellationToken);
        if (author is null)
        {
            author = new Author { DisplayName = name ?? Author.UnknownDisplayName, IsUnknown = name is null };
            db.Authors.Add(author);
        }

        return author;
    }
}
