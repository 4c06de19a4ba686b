namespace ForumApp.Core.Moderation;

/// <summary>An open suggested pair, as the queue groups them.</summary>
/// <param name="SuggestionId">The <see cref="DuplicateSuggestion"/>.</param>
/// <param name="CommentId">One comment of the pair.</param>
/// <param name="OtherCommentId">The other.</param>
/// <param name="Score">Similarity in [0, 1].</param>
/// <param name="Kind">Exact or near.</param>
public sealed record SuggestedPair(int SuggestionId, int CommentId, int OtherCommentId, double Score, DuplicateSuggestionKind Kind);

/// <summary>What the queue needs to know about a comment to choose the canonical one.</summary>
/// <param name="CommentId">The comment.</param>
/// <param name="CreatedAt">When it was written (imports: the thread's date).</param>
/// <param name="IsComplete">False for a truncated preview ("...", "더 보기").</param>
public sealed record ClusterCandidate(int CommentId, DateTime CreatedAt, bool IsComplete);

/// <summary>Comments the queue shows together: the connected component of open suggested pairs.</summary>
/// <param name="CanonicalId">The default comment to keep: the earliest complete member (ties: the lower id).</param>
/// <param name="CommentIds">Every member, the canonical first, then oldest first.</param>
/// <param name="Kind">Exact only when every pair is exact.</param>
/// <param name="Score">The lowest pair score.</param>
/// <param name="SuggestionIds">The pairs that make the cluster.</param>
public sealed record SuggestedCluster(int CanonicalId, IReadOnlyList<int> CommentIds, DuplicateSuggestionKind Kind, double Score, IReadOnlyList<int> SuggestionIds);

/// <summary>
/// Groups suggested pairs into clusters (connected components, by union-find) for the moderators' queue.
/// The engine itself guards against chaining; pairs from posts and scans only meet here, and a moderator reads every
/// member before merging, so the queue shows the whole component rather than hiding a link.
/// </summary>
public static class DuplicateClustering
{
    /// <summary>Clusters of <paramref name="pairs"/>, the one with the newest pair first.</summary>
    /// <param name="pairs">Open pairs (of one or more essays: a pair never spans two essays).</param>
    /// <param name="comments">Creation time and completeness of every comment the pairs name.</param>
    public static IReadOnlyList<SuggestedCluster> Group(IReadOnlyList<SuggestedPair> pairs, IReadOnlyDictionary<int, ClusterCandidate> comments)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(comments);
        var parent = new Dictionary<int, int>();
        int Find(int x)
        {
            if (!parent.TryGetValue(x, out var p))
            {
                parent[x] = x;
                return x;
            }

            while (p != x)
            {
                var grand = parent[p];
                parent[x] = grand;
                x = p;
                p = grand;
            }

            return x;
        }

        foreach (var pair in pairs)
        {
            var a = Find(pair.CommentId);
            var b = Find(pair.OtherCommentId);
            if (a != b)
            {
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        var clusters = new List<(SuggestedCluster Cluster, int NewestSuggestion)>();
        foreach (var group in pairs.GroupBy(p => Find(p.CommentId)))
        {
            var ids = group.SelectMany(p => new[] { p.CommentId, p.OtherCommentId }).Distinct().ToList();
            var ordered = ids
                .Select(id => comments.TryGetValue(id, out var c) ? c : new ClusterCandidate(id, DateTime.MaxValue, true))
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.CommentId)
                .ToList();
            var canonical = (ordered.FirstOrDefault(c => c.IsComplete) ?? ordered[0]).CommentId;
            var memberIds = new List<int> { canonical };
            memberIds.AddRange(ordered.Select(c => c.CommentId).Where(id => id != canonical));
            var kind = group.All(p => p.Kind == DuplicateSuggestionKind.Exact) ? DuplicateSuggestionKind.Exact : DuplicateSuggestionKind.Near;
            var cluster = new SuggestedCluster(canonical, memberIds, kind, group.Min(p => p.Score), [.. group.Select(p => p.SuggestionId).Order()]);
            clusters.Add((cluster, group.Max(p => p.SuggestionId)));
        }

        return [.. clusters.OrderByDescending(c => c.NewestSuggestion).Select(c => c.Cluster)];
    }
}
