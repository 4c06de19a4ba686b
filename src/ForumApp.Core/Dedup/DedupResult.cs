namespace ForumApp.Core.Dedup;

/// <summary>The outcome of a batch scan: the clusters, and for every input text its cluster relation.</summary>
public sealed class DedupResult
{
    private readonly int[] _canonical;
    private readonly byte[] _kind;
    private readonly float[] _score;

    internal DedupResult(IReadOnlyList<DuplicateCluster> clusters, int[] canonical, byte[] kind, float[] score)
    {
        Clusters = clusters;
        _canonical = canonical;
        _kind = kind;
        _score = score;
    }

    /// <summary>Clusters of two or more texts, ordered by canonical index.</summary>
    public IReadOnlyList<DuplicateCluster> Clusters { get; }

    /// <summary>Number of texts scanned.</summary>
    public int Count => _canonical.Length;

    /// <summary>The canonical text of <paramref name="index"/>'s cluster (itself when it is the canonical), or -1 when it duplicates nothing.</summary>
    public int CanonicalOf(int index) => _canonical[index];

    /// <summary>How <paramref name="index"/> relates to its canonical (<see cref="DuplicateKind.Exact"/> for the canonical itself).</summary>
    public DuplicateKind KindOf(int index) => (DuplicateKind)_kind[index];

    /// <summary>Similarity of <paramref name="index"/> to its canonical.</summary>
    public double ScoreOf(int index) => _score[index];
}
