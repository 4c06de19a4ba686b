namespace ForumApp.Core.Moderation;

/// <summary>How a pair of comments was found to be duplicates.</summary>
public enum DuplicateSuggestionKind
{
    /// <summary>Same comparison key.</summary>
    Exact,

    /// <summary>Similar text above the engine's threshold.</summary>
    Near,
}

/// <summary>Where a suggestion stands in the moderators' queue.</summary>
public enum DuplicateSuggestionStatus
{
    /// <summary>Waiting for a moderator.</summary>
    Open,

    /// <summary>A moderator said "not duplicates"; the pair is not suggested again.</summary>
    Dismissed,

    /// <summary>Settled by a merge (reopened if the merge is undone).</summary>
    Merged,
}

/// <summary>
/// A pair of comments of one essay that may be duplicates, queued for moderators. Created when a commenter posts
/// anyway after the near-duplicate warning; batch scans may add more.
/// </summary>
public class DuplicateSuggestion
{
    /// <summary>The suggestion's id.</summary>
    public int Id { get; set; }

    /// <summary>The essay of both comments.</summary>
    public int EssayId { get; set; }

    /// <summary>The comment that was posted later (the one the warning was about).</summary>
    public int CommentId { get; set; }

    /// <summary>The existing comment it resembles.</summary>
    public int OtherCommentId { get; set; }

    /// <summary>Similarity between 0 and 1.</summary>
    public double Score { get; set; }

    /// <summary>Exact or near.</summary>
    public DuplicateSuggestionKind Kind { get; set; }

    /// <summary>Open, dismissed or merged.</summary>
    public DuplicateSuggestionStatus Status { get; set; }

    /// <summary>"post" when the commenter posted despite the warning, "scan" for batch scans, "flag" for a reader's duplicate flag.</summary>
    public required string Source { get; set; }

    /// <summary>When it was suggested (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The merge that settled this pair (status <see cref="DuplicateSuggestionStatus.Merged"/>); unmerging it reopens the pair.</summary>
    public int? MergeId { get; set; }

    /// <summary>The moderator who dismissed the pair, and when.</summary>
    public string? DismissedBy { get; set; }

    /// <summary>When it was dismissed (UTC), or null.</summary>
    public DateTime? DismissedAt { get; set; }

    /// <summary>The pair a commenter made by posting <paramref name="commentId"/> despite the near-duplicate warning.</summary>
    public static DuplicateSuggestion FromPost(int essayId, int commentId, Comments.NearDuplicateMatch match, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new DuplicateSuggestion
        {
            EssayId = essayId,
            CommentId = commentId,
            OtherCommentId = match.CommentId,
            Score = match.Score,
            Kind = match.Score >= 1.0 ? DuplicateSuggestionKind.Exact : DuplicateSuggestionKind.Near,
            Status = DuplicateSuggestionStatus.Open,
            Source = "post",
            CreatedAt = at,
        };
    }
}
