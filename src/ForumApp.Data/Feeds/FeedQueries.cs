using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Feeds;

/// <summary>An essay as a feed and the sitemap show it.</summary>
/// <param name="Id">The essay.</param>
/// <param name="Slug">Its slug.</param>
/// <param name="Title">Its title.</param>
/// <param name="Lede">Its lede (plain text).</param>
/// <param name="BodyHtml">Its body as safe HTML.</param>
/// <param name="AuthorName">Who wrote it.</param>
/// <param name="PublishedAt">When it was published (UTC).</param>
/// <param name="UpdatedAt">When it or its discussion last changed (UTC).</param>
public sealed record FeedEssay(int Id, string Slug, string Title, string Lede, string BodyHtml, string AuthorName, DateTime PublishedAt, DateTime UpdatedAt)
{
    /// <summary>The essay page's path.</summary>
    public string Path => EssayLinks.Path(Id, Slug);
}

/// <summary>A visible comment as a feed shows it.</summary>
/// <param name="Id">The comment (its permalink is <c>/comments/{id}</c>).</param>
/// <param name="EssayId">Its essay.</param>
/// <param name="EssayTitle">Its essay's title.</param>
/// <param name="BodyHtml">Its text as safe HTML.</param>
/// <param name="AuthorName">Who wrote it.</param>
/// <param name="CreatedAt">When it was written (UTC).</param>
/// <param name="UpdatedAt">When it was last edited, or written (UTC).</param>
public sealed record FeedComment(int Id, int EssayId, string EssayTitle, string BodyHtml, string AuthorName, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The comments of one essay or one person, newest first, for a feed.</summary>
/// <param name="Title">The essay's title, or the person's display name.</param>
/// <param name="Path">The page the feed stands for (the essay page, the profile page).</param>
/// <param name="Comments">The newest visible comments.</param>
public sealed record FeedCommentList(string Title, string Path, IReadOnlyList<FeedComment> Comments);

/// <summary>
/// What the Atom feeds and the sitemap read: only what anyone may read (published essays, visible comments of
/// published essays), newest first.
/// </summary>
public sealed class FeedQueries(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>Entries per feed.</summary>
    public const int FeedSize = 50;

    /// <summary>The newest published essays.</summary>
    public async Task<IReadOnlyList<FeedEssay>> RecentEssaysAsync(int count = FeedSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Essays.AsNoTracking().Where(e => e.Status == EssayStatus.Published)
            .OrderByDescending(e => e.PublishedAt).ThenByDescending(e => e.Id).Take(count)
            .Select(e => new { e.Id, e.Slug, e.Title, e.Lede, e.BodyHtml, Author = e.Author!.DisplayName, e.PublishedAt, e.RevisedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(e => new FeedEssay(e.Id, e.Slug, e.Title, e.Lede, e.BodyHtml, e.Author, e.PublishedAt, Latest(e.PublishedAt, e.RevisedAt)))];
    }

    /// <summary>Every published essay with when its page last changed (for the sitemap), newest first.</summary>
    public async Task<IReadOnlyList<(int Id, string Slug, DateTime LastModified)>> PublishedEssaysAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Essays.AsNoTracking().Where(e => e.Status == EssayStatus.Published)
            .OrderByDescending(e => e.PublishedAt).ThenByDescending(e => e.Id).Take(limit)
            .Select(e => new { e.Id, e.Slug, e.PublishedAt, e.RevisedAt, e.LastCommentAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(e => (e.Id, e.Slug, Latest(Latest(e.PublishedAt, e.RevisedAt), e.LastCommentAt)))];
    }

    /// <summary>The newest visible comments of a published essay; null when there is no such essay for readers.</summary>
    public async Task<FeedCommentList?> EssayCommentsAsync(int essayId, int count = FeedSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essay = await db.Essays.AsNoTracking().Where(e => e.Id == essayId && e.Status == EssayStatus.Published)
            .Select(e => new { e.Title, e.Slug }).SingleOrDefaultAsync(cancellationToken);
        if (essay is null)
        {
            return null;
        }

        var comments = await ReadAsync(db, db.Comments.Where(c => c.EssayId == essayId), count, cancellationToken);
        return new FeedCommentList(essay.Title, EssayLinks.Path(essayId, essay.Slug), comments);
    }

    /// <summary>The newest visible comments (in published essays) of the account named <paramref name="userName"/>; null when there is none.</summary>
    public async Task<FeedCommentList?> UserCommentsAsync(string userName, int count = FeedSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalized = userName.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var authorIds = db.Authors.Where(a => a.UserId == user.Id).Select(a => a.Id);
        var comments = await ReadAsync(db, db.Comments.Where(c => authorIds.Contains(c.AuthorId)), count, cancellationToken);
        return new FeedCommentList(user.DisplayName, "/users/" + Uri.EscapeDataString(user.UserName ?? userName), comments);
    }

    private static async Task<IReadOnlyList<FeedComment>> ReadAsync(ForumDbContext db, IQueryable<Comment> comments, int count, CancellationToken cancellationToken)
    {
        var rows = await comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Visible)
            .Join(db.Essays.Where(e => e.Status == EssayStatus.Published), c => c.EssayId, e => e.Id, (c, e) => new
            {
                c.Id, c.EssayId, EssayTitle = e.Title, c.BodyHtml, Author = c.Author!.DisplayName, c.CreatedAt, c.EditedAt,
            })
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(count)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(c => new FeedComment(c.Id, c.EssayId, c.EssayTitle, c.BodyHtml, c.Author, c.CreatedAt, Latest(c.CreatedAt, c.EditedAt)))];
    }

    private static DateTime Latest(DateTime a, DateTime? b) => b is DateTime later && later > a ? later : a;
}
