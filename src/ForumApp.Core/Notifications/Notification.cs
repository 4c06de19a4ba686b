namespace ForumApp.Core.Notifications;

/// <summary>Why someone is told. When several apply to one person for one change, the first in this order wins.</summary>
public enum NotificationKind
{
    /// <summary>A reply to your comment.</summary>
    CommentReply,

    /// <summary>A reply anchored to a paragraph of your essay.</summary>
    ParagraphReply,

    /// <summary>A reply to your essay (a comment on the essay itself).</summary>
    EssayReply,

    /// <summary>Someone wrote <c>@your name</c> in a comment.</summary>
    Mention,

    /// <summary>A moderator merged your comment into another one.</summary>
    CommentMerged,

    /// <summary>A moderator undid the merge of your comment.</summary>
    CommentUnmerged,

    /// <summary>A moderator restored your deleted comment.</summary>
    CommentRestored,
}

/// <summary>
/// One thing a person is told, made by the notification listener of the change feed on the node that committed the
/// change. At most one per person, change and kind (a unique key), and at most one per person and change (the
/// listener picks the first <see cref="NotificationKind"/> that applies).
/// </summary>
public class Notification
{
    /// <summary>The row's id (newest is highest).</summary>
    public long Id { get; set; }

    /// <summary>The account told.</summary>
    public required string RecipientUserId { get; set; }

    /// <summary>Why.</summary>
    public NotificationKind Kind { get; set; }

    /// <summary>The change that caused it (its change-log sequence): replaying the change never tells twice.</summary>
    public long ChangeSequence { get; set; }

    /// <summary>The essay it is about.</summary>
    public int? EssayId { get; set; }

    /// <summary>The comment it is about (its permalink is <c>/comments/{id}</c>).</summary>
    public int? CommentId { get; set; }

    /// <summary>Who did it, as shown then (a display name), or null for a moderator.</summary>
    public string? ActorName { get; set; }

    /// <summary>When it was made (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the person marked it read (UTC), or null while unread.</summary>
    public DateTime? ReadAt { get; set; }

    /// <summary>
    /// True while the comment it is about is a merged copy and the person was told about the comment it was merged
    /// into (or an earlier copy): a merged duplicate does not tell anyone twice. Cleared by an unmerge.
    /// </summary>
    public bool Folded { get; set; }
}
