namespace ForumApp.Core.Dedup;

/// <summary>How the members of a cluster duplicate its canonical text.</summary>
public enum DuplicateKind
{
    /// <summary>The same text after normalization.</summary>
    Exact,

    /// <summary>A small edit of the canonical text.</summary>
    Near,

    /// <summary>A truncated preview ("...", "더 보기") of the canonical text.</summary>
    Contained,
}

/// <summary>
/// A group of texts that duplicate one another. Indexes are positions in the input the engine was given.
/// </summary>
/// <param name="Canonical">The member to keep: the earliest complete (not truncated) text.</param>
/// <param name="Members">Every member, the canonical included, in ascending order.</param>
/// <param name="Kind">The weakest relation between a member and the canonical.</param>
/// <param name="Score">Similarity in [0, 1]; the lowest score of a member against the canonical.</param>
public sealed record DuplicateCluster(int Canonical, IReadOnlyList<int> Members, DuplicateKind Kind, double Score);
