using ForumApp.Core.Notifications;
using ForumApp.Data.Notifications;

namespace ForumApp.Web.Api.Notifications;

/// <summary>One notification.</summary>
/// <param name="Id">Its id (to mark it read).</param>
/// <param name="Kind">commentReply, paragraphReply, essayReply, mention, commentMerged, commentUnmerged or commentRestored.</param>
/// <param name="EssayId">The essay it is about.</param>
/// <param name="EssayTitle">The essay's title.</param>
/// <param name="CommentId">The comment it is about, or null.</param>
/// <param name="Link">Where it leads: the comment's permalink <c>/comments/{id}</c> (or the essay).</param>
/// <param name="Actor">Who did it (a display name), or null for a moderator.</param>
/// <param name="Excerpt">The start of the comment's text while it is visible.</param>
/// <param name="CreatedAt">When (UTC).</param>
/// <param name="ReadAt">When you marked it read (UTC), or null.</param>
public sealed record NotificationResource(long Id, NotificationKind Kind, int? EssayId, string EssayTitle, int? CommentId, string Link, string? Actor, string Excerpt, DateTime CreatedAt, DateTime? ReadAt)
{
    /// <summary>The resource of a view.</summary>
    public static NotificationResource From(NotificationView n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new(n.Id, n.Kind, n.EssayId, n.EssayTitle, n.CommentId, NotificationLinks.Of(n), n.ActorName, n.Excerpt, n.CreatedAt, n.ReadAt);
    }
}

/// <summary>A page of your notifications, newest first, and how many are unread in all.</summary>
public sealed record NotificationPageResource(IReadOnlyList<NotificationResource> Items, int Page, int PageSize, int Total, int PageCount, int UnreadCount);

/// <summary>Which notifications to mark read: the ids, or all of them.</summary>
/// <param name="Ids">Your notifications' ids (others are ignored).</param>
/// <param name="All">True to mark every notification read.</param>
public sealed record MarkReadRequest(IReadOnlyList<long>? Ids, bool? All);

/// <summary>How many were marked, and how many are unread now.</summary>
public sealed record MarkReadResource(int Marked, int UnreadCount);

/// <summary>Where a notification leads.</summary>
public static class NotificationLinks
{
    /// <summary>The comment's permalink, or the essay's address.</summary>
    public static string Of(NotificationView n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return n.CommentId is int c ? $"/comments/{c}" : n.EssayId is int e ? $"/essays/{e}" : "/notifications";
    }
}
