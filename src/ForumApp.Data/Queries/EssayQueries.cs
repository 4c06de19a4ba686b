using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Core.Reactions;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Queries;

/// <summary>Reads essays for the pages and the API; both call these same methods.</summary>
public sealed class EssayQueries(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>Published essays newest first, one page at a time.</summary>
    public Task<Paged<EssaySummary>> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default) =>
        ListAsync(new EssayListQuery(page, pageSize), cancellationToken);

    /// <summary>Published essays in the order asked, optionally only those with a tag, one page at a time, with their tags and stance counts.</summary>
    public async Task<Paged<EssaySummary>> ListAsync(EssayListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essays = db.Essays.AsNoTracking().Where(e => e.Status == EssayStatus.Published);
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = TextNormalizer.ToStoredForm(query.Tag).Trim();
            essays = essays.Where(e => db.EssayTags.Any(t => t.EssayId == e.Id && t.Name == tag));
        }

        var total = await essays.CountAsync(cancellationToken);
        var ordered = query.Sort == EssaySort.Active
            ? essays.OrderByDescending(e => e.LastCommentAt ?? e.PublishedAt).ThenByDescending(e => e.Id)
            : essays.OrderByDescending(e => e.PublishedAt).ThenByDescending(e => e.Id);
        var items = await SummariesAsync(db, ordered.Skip((page - 1) * pageSize).Take(pageSize), cancellationToken);
        return new Paged<EssaySummary>(items, page, pageSize, total);
    }

    /// <summary>Every essay of the account, drafts and unpublished ones included, most recently written first.</summary>
    public async Task<IReadOnlyList<EssaySummary>> ListByAuthorAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essays = db.Essays.AsNoTracking().Where(e => e.Author != null && e.Author.UserId == userId).OrderByDescending(e => e.Id).Take(200);
        return await SummariesAsync(db, essays, cancellationToken);
    }

    /// <summary>The tags of published essays, most used first (for the list's filter).</summary>
    public async Task<IReadOnlyList<TagCount>> PopularTagsAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from t in db.EssayTags
                      join e in db.Essays on t.EssayId equals e.Id
                      where e.Status == EssayStatus.Published
                      group t by t.Name into g
                      orderby g.Count() descending, g.Key
                      select new TagCount(g.Key, g.Count())).Take(take).ToListAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<EssaySummary>> SummariesAsync(ForumDbContext db, IQueryable<Essay> essays, CancellationToken cancellationToken)
    {
        var rows = await essays
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
                e.LastCommentAt,
                e.Status,
                e.Revision,
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var tags = (await db.EssayTags.AsNoTracking().Where(t => ids.Contains(t.EssayId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.EssayId, t => t.Name);
        var stances = (await db.Comments.AsNoTracking()
                .Where(c => ids.Contains(c.EssayId) && c.Status == CommentStatus.Visible && c.Stance != null)
                .GroupBy(c => new { c.EssayId, c.Stance })
                .Select(g => new { g.Key.EssayId, g.Key.Stance, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.EssayId);
        // The excerpt is the lede, unless the lede is the title (as in scraped threads and written essays): then the body's opening.
        return [.. rows.Select(e => new EssaySummary(
                e.Id,
                e.Slug,
                e.Title,
                e.Author,
                e.PublishedAt,
                TextNormalizer.SameText(e.Lede, e.Title) ? e.BodyStart : e.Lede,
                e.CommentCount)
            {
                Tags = [.. tags[e.Id].Order(StringComparer.Ordinal)],
                Stances = StanceCounts.Count(stances[e.Id].SelectMany(x => Enumerable.Repeat(x.Stance, x.Count))),
                LastCommentAt = e.LastCommentAt,
                Status = e.Status,
                Revision = e.Revision,
            })];
    }

    /// <summary>
    /// The essay, its current paragraphs and tags and its whole comment tree (with "공감" counts) in six queries, whatever the number of
    /// comments; null when unknown. Drafts and unpublished essays too: who may see them is <c>EssayAccess</c>'s answer.
    /// </summary>
    public async Task<EssayDetail?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essay = await db.Essays.AsNoTracking().Include(e => e.Author)
            .FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (essay is null)
        {
            return null;
        }

        if (essay.Author?.UserId is string essayUserId)
        {
            essay.Author.ProfileName = await db.Users.Where(u => u.Id == essayUserId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
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
                    ParagraphId = c.ParagraphId,
                    Stance = c.Stance,
                    EssayRevision = c.EssayRevision,
                },
                AuthorName = c.Author!.DisplayName,
                AuthorIsUnknown = c.Author.IsUnknown,
                AuthorUserId = c.Author.UserId,
                AuthorUserName = db.Users.Where(u => u.Id == c.Author.UserId).Select(u => u.UserName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var authors = new Dictionary<int, Author>();
        var comments = new List<Comment>(rows.Count);
        foreach (var row in rows)
        {
            if (!authors.TryGetValue(row.Comment.AuthorId, out var author))
            {
                author = new Author { Id = row.Comment.AuthorId, DisplayName = row.AuthorName, IsUnknown = row.AuthorIsUnknown, UserId = row.AuthorUserId, ProfileName = row.AuthorUserName };
                authors[author.Id] = author;
            }

            row.Comment.Author = author;
            comments.Add(row.Comment);
        }

        var paragraphs = await db.EssayParagraphs.AsNoTracking()
            .Where(p => p.EssayId == id && p.Revision == essay.Revision)
            .OrderBy(p => p.Position)
            .ToListAsync(cancellationToken);
        var tags = await db.EssayTags.AsNoTracking().Where(t => t.EssayId == id).Select(t => t.Name).ToListAsync(cancellationToken);
        var reactions = await (from r in db.CommentReactions
                               join c in db.Comments on r.CommentId equals c.Id
                               where c.EssayId == id
                               select new { r.CommentId, r.UserId }).ToListAsync(cancellationToken);
        var states = comments.ToDictionary(c => c.Id, c => new CommentState(c.Id, c.ParentId, c.Status, c.MergedIntoId));
        return new EssayDetail(essay, essay.Author?.DisplayName ?? Author.UnknownDisplayName, comments)
        {
            Paragraphs = paragraphs,
            Tags = [.. tags.Order(StringComparer.Ordinal)],
            CommentReactions = ReactionCounts.Count(states, reactions.Select(r => (r.CommentId, r.UserId))),
            ReactionCount = await db.EssayReactions.CountAsync(r => r.EssayId == id, cancellationToken),
        };
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

/// <summary>What the list of essays shows: a page, an order and optionally one tag.</summary>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Essays per page (1 to 100).</param>
/// <param name="Sort">Newest or most recently answered first.</param>
/// <param name="Tag">Only essays with this tag, or null.</param>
public sealed record EssayListQuery(int Page = 1, int PageSize = 20, EssaySort Sort = EssaySort.New, string? Tag = null);

/// <summary>A tag and how many published essays carry it.</summary>
public sealed record TagCount(string Name, int Count);
