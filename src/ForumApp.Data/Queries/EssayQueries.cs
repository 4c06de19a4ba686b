using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Queries;

/// <summary>Reads essays for the pages and the API; both call these same methods.</summary>
public sealed class EssayQueries(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>Essays newest first, one page at a time.</summary>
    public async Task<Paged<EssaySummary>> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.Essays.CountAsync(cancellationToken);
        var rows = await db.Essays.AsNoTracking()
            .OrderByDescending(e => e.PublishedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new
            {
                e.Id,
                e.Slug,
                e.Title,
                Author = e.Author == null ? Author.UnknownDisplayName : e.Author.DisplayName,
                e.PublishedAt,
                e.Lede,
                BodyStart = e.BodyMarkdown.Substring(0, 400),
                e.CommentCount,
            })
            .ToListAsync(cancellationToken);
        // The excerpt is the lede, unless the lede is the title (as in scraped threads): then the body's opening.
        var items = rows.Select(e => new EssaySummary(
                e.Id,
                e.Slug,
                e.Title,
                e.Author,
                e.PublishedAt,
                TextNormalizer.SameText(e.Lede, e.Title) ? e.BodyStart : e.Lede,
                e.CommentCount))
            .ToList();
        return new Paged<EssaySummary>(items, page, pageSize, total);
    }

    /// <summary>The essay and its whole comment tree in two queries, whatever the number of comments; null when unknown.</summary>
    public async Task<EssayDetail?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essay = await db.Essays.AsNoTracking().Include(e => e.Author)
            .FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (essay is null)
        {
            return null;
        }

        // The comment rows with their author's name in one joined query. A projection rather than entities with
        // Include: no change tracking setup and one Author object per author instead of one per comment.
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.EssayId == id)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new
            {
                Comment = new Comment
                {
                    Id = c.Id,
                    EssayId = c.EssayId,
                    ParentId = c.ParentId,
                    AuthorId = c.AuthorId,
                    BodyMarkdown = c.BodyMarkdown,
                    BodyHtml = c.BodyHtml,
                    CreatedAt = c.CreatedAt,
                    EditedAt = c.EditedAt,
                    Status = c.Status,
                    MergedIntoId = c.MergedIntoId,
                    DeletedByModerator = c.DeletedByModerator,
                    SourceFile = c.SourceFile,
                    SourceLine = c.SourceLine,
                    ContentHash = c.ContentHash,
                    Version = c.Version,
                },
                AuthorName = c.Author!.DisplayName,
                AuthorIsUnknown = c.Author.IsUnknown,
                AuthorUserId = c.Author.UserId,
            })
            .ToListAsync(cancellationToken);
        var authors = new Dictionary<int, Author>();
        var comments = new List<Comment>(rows.Count);
        foreach (var row in rows)
        {
            if (!authors.TryGetValue(row.Comment.AuthorId, out var author))
            {
                author = new Author { Id = row.Comment.AuthorId, DisplayName = row.AuthorName, IsUnknown = row.AuthorIsUnknown, UserId = row.AuthorUserId };
                authors[author.Id] = author;
            }

            row.Comment.Author = author;
            comments.Add(row.Comment);
        }

        return new EssayDetail(essay, essay.Author?.DisplayName ?? Author.UnknownDisplayName, comments);
    }

    /// <summary>
    /// Where a comment's permalink leads: its essay and the comment readers see for it (the kept comment when it
    /// was merged, following merges of merges); null when the comment does not exist.
    /// </summary>
    public async Task<CommentLocation?> LocateCommentAsync(int commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var seen = new HashSet<int>();
        var id = commentId;
        while (seen.Add(id))
        {
            var row = await db.Comments.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new { c.EssayId, c.Status, c.MergedIntoId })
                .FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                return null;
            }

            if (row.Status != Core.Comments.CommentStatus.Merged || row.MergedIntoId is not int next)
            {
                var slug = await db.Essays.Where(e => e.Id == row.EssayId).Select(e => e.Slug).SingleAsync(cancellationToken);
                return new CommentLocation(row.EssayId, slug, id);
            }

            id = next;
        }

        return null;
    }
}

/// <summary>Where a comment is shown: the essay and the comment (or the comment it was merged into).</summary>
public sealed record CommentLocation(int EssayId, string Slug, int ShownCommentId);
