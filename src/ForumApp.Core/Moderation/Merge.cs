namespace ForumApp.Core.Moderation;

/// <summary>
/// Comments folded into a canonical one. A merge is reversible: each member records what it was before.
/// </summary>
public class Merge
{
    /// <summary>The longest reason a merge records, in characters (the API, the page and the column agree).</summary>
    public const int MaxReasonLength = 500;

    public int Id { get; set; }

    public int EssayId { get; set; }

    public int CanonicalId { get; set; }

    /// <summary>Who merged: a user id, or "import" for copies collapsed when a thread file was imported.</summary>
    public required string MergedBy { get; set; }

    public DateTime MergedAt { get; set; }

    /// <summary>Why, for example the duplicate kind and score the engine reported.</summary>
    public string? Reason { get; set; }

    public string? UndoneBy { get; set; }

    public DateTime? UndoneAt { get; set; }

    public List<MergeMember> Members { get; set; } = [];
}

/// <summary>One comment folded by a <see cref="Merge"/>, with the state it had before.</summary>
public class MergeMember
{
    public int Id { get; set; }

    public int MergeId { get; set; }

    public int CommentId { get; set; }

    /// <summary>Which member this was: the comment itself, or a reply of it that moved under the canonical.</summary>
    public MergeMemberRole Role { get; set; }

    public int? PreviousParentId { get; set; }

    public Comments.CommentStatus PreviousStatus { get; set; }

    public int? PreviousMergedIntoId { get; set; }
}

/// <summary>Why a comment is part of a merge.</summary>
public enum MergeMemberRole
{
    /// <summary>A duplicate that became a tombstone.</summary>
    Duplicate,

    /// <summary>A reply to a duplicate, moved under the canonical.</summary>
    MovedReply,
}
