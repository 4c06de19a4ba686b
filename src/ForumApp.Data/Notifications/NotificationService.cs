using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Notifications;
using ForumApp.Data.Changes;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Notifications;

/// <summary>One notification as its recipient sees it.</summary>
/// <param name="Id">The notification.</param>
/// <param name="Kind">Why.</param>
/// <param name="EssayId">The essay it is about.</param>
/// <param name="EssayTitle">The essay's title now ("" when it is gone).</param>
/// <param name="CommentId">The comment (permalink <c>/comments/{id}</c>), or null.</param>
/// <param name="ActorName">Who did it (a display name), or null for a moderator.</param>
/// <param name="Excerpt">The start of the comment's text while it is visible, else "".</param>
/// <param name="CreatedAt">When (UTC).</param>
/// <param name="ReadAt">When it was marked read (UTC), or null.</param>
public sealed record NotificationView(long Id, NotificationKind Kind, int? EssayId, string EssayTitle, int? CommentId, string? ActorName, string Excerpt, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>A page of a person's notifications, newest first, and how many are unread in all.</summary>
public sealed record NotificationPage(Paged<NotificationView> Page, int UnreadCount);

/// <summary>
/// Reads and marks a person's notifications. Every method takes the person's own user id from their credential:
/// nobody can read or mark another person's notifications (the queries are filtered by it). Notifications are made by a
/// deferred listener of the change feed: every read first waits for it to reach what was committed before the read,
/// so that a reply is in its recipient's list as soon as the reply has been answered.
/// </summary>
public sealed class NotificationService(IDbContextFactory<ForumDbContext> dbFactory, ForumChangeFeed feed, TimeProvider clock)
{
    /// <summary>The most a page holds.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The length of a comment's excerpt.</summary>
    public const int ExcerptLength = 120;

    /// <summary>How many of the person's notifications are unread.</summary>
    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await Mine(db, userId).CountAsync(n => n.ReadAt == null, cancellationToken);
    }

    /// <summary>Page <paramref name="page"/> of the person's notifications, newest first.</summary>
    public async Task<NotificationPage> ListAsync(string userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await OpenAsync(cancellationToken);
        var mine = Mine(db, userId);
        var total = await mine.CountAsync(cancellationToken);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var rows = await mine.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new
            {
                n.Id,
                n.Kind,
                n.EssayId,
                Title = db.Essays.Where(e => e.Id == n.EssayId).Select(e => e.Title).FirstOrDefault(),
                n.CommentId,
                n.ActorName,
                Comment = db.Comments.Where(c => c.Id == n.CommentId).Select(c => new { c.Status, c.BodyMarkdown }).FirstOrDefault(),
                n.CreatedAt,
                n.ReadAt,
            })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => new NotificationView(
            r.Id, r.Kind, r.EssayId, r.Title ?? "", r.CommentId, r.ActorName,
            r.Comment is { Status: CommentStatus.Visible } c ? Excerpt(c.BodyMarkdown) : "",
            r.CreatedAt, r.ReadAt)).ToList();
        return new NotificationPage(new Paged<NotificationView>(items, page, pageSize, total), unread);
    }

    /// <summary>Marks the person's notifications read: those in <paramref name="ids"/>, or all when <paramref name="all"/>. Returns how many changed.</summary>
    public async Task<int> MarkReadAsync(string userId, IReadOnlyCollection<long>? ids, bool all, CancellationToken cancellationToken = default)
    {
        if (!all && (ids is null || ids.Count == 0))
        {
            return 0;
        }

        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginWriteAsync(cancellationToken);
        var query = Mine(db, userId).Where(n => n.ReadAt == null);
        if (!all)
        {
            var wanted = ids!.Distinct().Take(MaxPageSize * 10).ToList();
            query = query.Where(n => wanted.Contains(n.Id));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return changed;
    }

    // Folded notifications (about a merged copy, told already about the kept comment) are not shown or counted.
    private static IQueryable<Notification> Mine(ForumDbContext db, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == userId && !n.Folded);
    }

    private static string Excerpt(string markdown) => People.ProfileQueries.Excerpt(markdown, ExcerptLength);

    private async Task<ForumDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        await feed.SettledAsync(cancellationToken);
        return await dbFactory.CreateDbContextAsync(cancellationToken);
    }
}
