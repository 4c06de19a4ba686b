using ForumApp.Core.Essays;

namespace ForumApp.Core.Moderation;

/// <summary>
/// An essay published although it duplicates or contains a published one (its author saw the warning and went on):
/// the pair waits in the moderators' queue until one of them marks it checked.
/// </summary>
public class EssayDuplicateSuggestion
{
    /// <summary>The row's id.</summary>
    public int Id { get; set; }

    /// <summary>The essay published later.</summary>
    public int EssayId { get; set; }

    /// <summary>The published essay it overlaps.</summary>
    public int OtherEssayId { get; set; }

    /// <summary>Duplicate or contains.</summary>
    public EssayOverlapKind Kind { get; set; }

    /// <summary>The share of text found in both.</summary>
    public double Score { get; set; }

    /// <summary>Open until a moderator checks it.</summary>
    public DuplicateSuggestionStatus Status { get; set; }

    /// <summary>When it was queued (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The moderator who checked it.</summary>
    public string? DismissedBy { get; set; }

    /// <summary>When it was checked (UTC).</summary>
    public DateTime? DismissedAt { get; set; }
}
