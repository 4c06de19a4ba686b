namespace ForumApp.Core.Dedup;

/// <summary>
/// Parameters of the dedup engine. The defaults were chosen by measurement (see docs/dedup.md).
/// </summary>
public sealed record DedupOptions
{
    /// <summary>The default parameters.</summary>
    public static DedupOptions Default { get; } = new();

    /// <summary>Characters (Hangul syllables) per shingle; shingles skip spaces, since Korean spacing varies. 2 to 4.</summary>
    public int ShingleSize { get; init; } = 3;

    /// <summary>LSH bands; a pair becomes a candidate when any band of their MinHash signatures agrees.</summary>
    public int Bands { get; init; } = 16;

    /// <summary>MinHash values per band; the signature holds <see cref="Bands"/> × <see cref="RowsPerBand"/> values.</summary>
    public int RowsPerBand { get; init; } = 3;

    /// <summary>Texts with fewer non-space characters than this match only when identical (short generic comments).</summary>
    public int MinNearChars { get; init; } = 16;

    /// <summary>Least edit similarity (1 - distance / length, spaces ignored) for a near duplicate.</summary>
    public double MinNearSimilarity { get; init; } = 0.8;

    /// <summary>Least length (comparison-key characters) of a preview body for a containment match.</summary>
    public int MinContainedChars { get; init; } = 16;

    /// <summary>Most stored texts verified per lookup; bounds the work on pathological inputs.</summary>
    public int MaxCandidates { get; init; } = 24;

    /// <summary>Most matches <see cref="DuplicateIndex.Check"/> returns.</summary>
    public int MaxMatches { get; init; } = 16;

    /// <summary>MinHash signature length.</summary>
    public int SignatureLength => Bands * RowsPerBand;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ShingleSize, 2, nameof(ShingleSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ShingleSize, 4, nameof(ShingleSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Bands, 1, nameof(Bands));
        ArgumentOutOfRangeException.ThrowIfLessThan(RowsPerBand, 1, nameof(RowsPerBand));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SignatureLength, 256, nameof(SignatureLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinNearChars, 1, nameof(MinNearChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinContainedChars, 1, nameof(MinContainedChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidates, 1, nameof(MaxCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMatches, 1, nameof(MaxMatches));
        if (MinNearSimilarity is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinNearSimilarity));
        }
    }
}
