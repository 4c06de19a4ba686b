namespace ForumApp.Core.Dedup;

/// <summary>Finds duplicate texts in a whole corpus at once (batch mode).</summary>
public interface IDuplicateDetector
{
    /// <summary>
    /// Groups <paramref name="texts"/> into clusters of two or more duplicates.
    /// Texts that duplicate nothing are not reported.
    /// </summary>
    /// <param name="texts">The corpus; a cluster refers to texts by their index here.</param>
    /// <param name="progress">Receives the number of texts processed so far.</param>
    /// <param name="cancellationToken">Stops a long scan.</param>
    IReadOnlyList<DuplicateCluster> FindClusters(
        IReadOnlyList<string> texts,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default);
}
