namespace ForumApp.Core.Dedup;

/// <summary>An indexed text that a checked text duplicates.</summary>
/// <param name="Id">The id the matched text was added with.</param>
/// <param name="Kind">How the checked text relates to it: the same text, a small edit, or a truncated preview (either way).</param>
/// <param name="Score">Similarity in [0, 1]; 1 for exact copies and exact-prefix previews.</param>
public sealed record DuplicateMatch(long Id, DuplicateKind Kind, double Score);
