using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;

namespace ForumApp.Core.Reactions;

/// <summary>
/// One person's "공감" on a comment. Stored on the comment row the person reacted to and never moved: a merge folds
/// the copies' reactions into the kept comment by computation (<see cref="ReactionCounts"/>), so an unmerge restores
/// them exactly.
/// </summary>
public class CommentReaction
{
    /// <summary>The comment reacted to (the row the person pressed it on).</summary>
    public int CommentId { get; set; }

    /// <summary>The account that reacted.</summary>
    public required string UserId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>One person's "공감" on an essay.</summary>
public class EssayReaction
{
    /// <summary>The essay.</summary>
    public int EssayId { get; set; }

    /// <summary>The account that reacted.</summary>
    public required string UserId { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// How many people a comment's "공감" stands for: the distinct people who reacted to the comment or to any copy merged
/// into it (following merges of merges). Pure, so the property test of merge and unmerge checks it.
/// </summary>
public static class ReactionCounts
{
    /// <summary>The comment a reader sees for <paramref name="commentId"/>: itself, or the one it was merged into (transitively).</summary>
    public static int Shown(IReadOnlyDictionary<int, CommentState> comments, int commentId)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var seen = new HashSet<int>();
        var id = commentId;
        while (seen.Add(id) && comments.TryGetValue(id, out var state) && state.Status == CommentStatus.Merged && state.MergedIntoId is int next)
        {
            id = next;
        }

        return id;
    }

    /// <summary>The count of every comment that has reactions, keyed by the comment readers see (merged copies counted on it).</summary>
    /// <param name="comments">Every comment of the essay, by id.</param>
    /// <param name="reactions">Every reaction row of those comments: the row's comment and the person.</param>
    public static Dictionary<int, int> Count(IReadOnlyDictionary<int, CommentState> comments, IEnumerable<(int CommentId, string UserId)> reactions)
    {
        ArgumentNullException.ThrowIfNull(reactions);
        return reactions
            .GroupBy(r => Shown(comments, r.CommentId))
            .ToDictionary(g => g.Key, g => g.Select(r => r.UserId).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Every comment whose reactions count on <paramref name="shownId"/>: itself and the copies merged into it (transitively).</summary>
    public static IReadOnlyList<int> Group(IReadOnlyDictionary<int, CommentState> comments, int shownId)
    {
        ArgumentNullException.ThrowIfNull(comments);
        return [.. comments.Keys.Where(id => Shown(comments, id) == shownId)];
    }
}
