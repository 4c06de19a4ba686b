using ForumApp.Core.Text;

namespace ForumApp.Core.Dedup;

/// <summary>Clusters texts whose comparison keys are identical (see <see cref="TextNormalizer.ToComparisonKey"/>).</summary>
public sealed class ExactDuplicateDetector : IDuplicateDetector
{
    /// <inheritdoc />
    public IReadOnlyList<DuplicateCluster> FindClusters(
        IReadOnlyList<string> texts,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = TextNormalizer.ToComparisonKey(texts[i]);
            if (key.Length == 0)
            {
                continue;
            }

            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }

            members.Add(i);
        }

        progress?.Report(texts.Count);
        return [.. groups.Values
            .Where(g => g.Count > 1)
            .Select(g => new DuplicateCluster(g[0], g, DuplicateKind.Exact, 1.0))
            .OrderBy(c => c.Canonical)];
    }
}
