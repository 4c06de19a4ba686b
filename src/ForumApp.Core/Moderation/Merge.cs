namespace ForumApp.Core.Moderation;

/// <summary>
/// Comments folded into a canonical one. A merge is reversible: each member records what it was before.
/// </summary>
public class Merge
{
    /// <summary>The longest reason a merge records, in characters (the API, the page and the column agree).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The merge's id.</summary>
    public int Id { get; set; }

    /// <summary>The essay of every comment it touched.</summary>
    public int EssayId { get; set; }

    /// <summary>The comment kept.</summary>
    public int CanonicalId { get; set; }

    /// <summary>Who merged: a user id, or "import" for copies collapsed when a thread file was imported.</summary>
    public required string MergedBy { get; set; }

    /// <summary>When it was merged (UTC).</summary>
    public DateTime MergedAt { get; set; }

    /// <summary>Why, for example the duplicate kind and score the engine reported.</summary>
    public string? Reason { get; set; }

    /// <summary>Who undid it, or null.</summary>
    public string? UndoneBy { get; set; }

    /// <summary>When it was undone (UTC), or null.</summary>
    public DateTime? UndoneAt { get; set; }

    /// <summary>Every comment it changed, with the state each had before.</summary>
    public List<MergeMember> Members { get; set; } = [];
}

/// <summary>One comment folded by a <see cref="Merge"/>, with the state it had before.</summary>
public class MergeMember
{
    /// <summary>The row's id.</summary>
    public int Id { get; set; }

    /// <summary>The merge.</summary>
    public int MergeId { get; set; }

    /// <summary>The comment changed.</summary>
    public int CommentId { get; set; }

    /// <summary>Which member this was: the comment itself, or a reply of it that moved under the canonical.</summary>
    public MergeMemberRole Role { get; set; }

    /// <summary>The comment it answered before the merge.</summary>
    public int? PreviousParentId { get; set; }

    /// <summary>Its status before the merge.</summary>
    public Comments.CommentStatus PreviousStatus { get; set; }

    /// <summary>What it was folded into before the merge, if anything.</summary>
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
