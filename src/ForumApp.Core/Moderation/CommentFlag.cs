namespace ForumApp.Core.Moderation;

/// <summary>Why a reader flagged a comment.</summary>
public enum FlagReason
{
    /// <summary>It repeats another comment.</summary>
    Duplicate,

    /// <summary>Advertising or junk.</summary>
    Spam,

    /// <summary>Not about the essay.</summary>
    OffTopic,
}

/// <summary>Where a flag stands in the moderators' queue.</summary>
public enum FlagStatus
{
    /// <summary>Waiting for a moderator.</summary>
    Open,

    /// <summary>A moderator acted on it (deleted, merged, or otherwise handled the comment).</summary>
    Resolved,

    /// <summary>A moderator found nothing to do.</summary>
    Dismissed,
}

/// <summary>A reader's report that a comment needs a moderator's look. Kept after it is handled, like the audit log.</summary>
public class CommentFlag
{
    /// <summary>The longest note, in characters.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>The flag's id.</summary>
    public int Id { get; set; }

    /// <summary>The comment flagged.</summary>
    public int CommentId { get; set; }

    /// <summary>The comment's essay.</summary>
    public int EssayId { get; set; }

    /// <summary>The account that flagged it.</summary>
    public required string ReporterUserId { get; set; }

    /// <summary>Why the reader flagged it.</summary>
    public FlagReason Reason { get; set; }

    /// <summary>The reader's note, at most <see cref="MaxNoteLength"/> characters; may be empty.</summary>
    public string? Note { get; set; }

    /// <summary>Open, resolved or dismissed.</summary>
    public FlagStatus Status { get; set; }

    /// <summary>When it was flagged (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The moderator who resolved or dismissed it.</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>When a moderator closed it (UTC), or null.</summary>
    public DateTime? ResolvedAt { get; set; }

    /// <summary>The Korean label of a reason, for the UI.</summary>
    public static string Label(FlagReason reason) => reason switch
    {
        FlagReason.Duplicate => "중복",
        FlagReason.Spam => "스팸",
        FlagReason.OffTopic => "주제와 무관",
        _ => reason.ToString(),
    };
}
