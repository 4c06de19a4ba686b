using ForumApp.Core.Dedup;

namespace ForumApp.Core.Moderation;

/// <summary>
/// When a batch scan may merge a cluster by itself instead of asking a moderator. The engine only reports kind and
/// score; this is the policy (issue 3): collapse automatically only what one person evidently posted twice.
/// </summary>
public static class AutoMergePolicy
{
    /// <summary>The lowest score at which a near or contained cluster of one author is merged without a moderator.</summary>
    public const double MinScore = 0.97;

    /// <summary>
    /// True when every member has the same author (the shared unknown author of imports counts as one) and the
    /// cluster is exact or scores at least <see cref="MinScore"/>. Different authors always go to the queue: merging
    /// them decides whose words stand, which is a moderator's call.
    /// </summary>
    /// <param name="kind">The cluster's weakest relation.</param>
    /// <param name="score">The cluster's lowest score.</param>
    /// <param name="authorIds">The author of every member.</param>
    public static bool ShouldAutoMerge(DuplicateKind kind, double score, IEnumerable<int> authorIds)
    {
        ArgumentNullException.ThrowIfNull(authorIds);
        return authorIds.Distinct().Count() == 1 && (kind == DuplicateKind.Exact || score >= MinScore);
    }
}
