namespace ForumApp.Core.Dedup;

/// <summary>The recent-texts path of candidate collection.</summary>
internal sealed partial class DedupStore
{
    /// <summary>How many texts indexed just before a text are compared with it by sketch alone.</summary>
    internal const int RecentWindow = 256;

    private const int MaxRecentCandidates = 4;

    /// <summary>Most edit distance (spaces counted) at which a recent text is a candidate for a short one.</summary>
    private const int MaxRecentShortDistance = 5;

    private const int SketchLengthAsMatches = MinHasher.SketchLength;

    /// <summary>
    /// A re-post with its typos fixed comes soon after the comment it fixes. Three slips in a comment of forty
    /// characters leave a syllable 3-gram Jaccard of about one half, where the LSH bands (16 of 4 rows) miss a third
    /// of such pairs; the texts indexed just before this one are compared by sketch directly instead (contiguous
    /// memory, 256 comparisons of 64 bytes), and the best few agreeing enough are candidates. Previews have their own
    /// paths and are skipped.
    /// </summary>
    private void CollectRecent(int slot, Span<int> output, ref int count)
    {
        var flags = _flags[slot];
        if ((flags & TruncatedFlag) != 0 || (flags & (NearEligibleFlag | ShortTypoFlag)) == 0 || count >= output.Length)
        {
            return;
        }

        var shortText = (flags & NearEligibleFlag) == 0;
        var threshold = shortText ? MinShortSketchMatches : MinSketchMatches;
        var sketch = _sketch.AsSpan(slot * MinHasher.SketchLength, MinHasher.SketchLength);
        var key = KeyOf(slot);
        Span<int> best = stackalloc int[MaxRecentCandidates];
        Span<int> bestMatches = stackalloc int[MaxRecentCandidates];
        var found = 0;
        const byte Wanted = LiveFlag | RepresentativeFlag;
        for (var s = slot - 1; s >= Math.Max(0, slot - RecentWindow); s--)
        {
            if ((_flags[s] & (Wanted | TruncatedFlag)) != Wanted)
            {
                continue;
            }

            var matches = MinHasher.SketchMatches(sketch, _sketch.AsSpan(s * MinHasher.SketchLength, MinHasher.SketchLength));
            if (matches < threshold && shortText && Math.Abs(_keyLength[s] - _keyLength[slot]) <= ShortTypoLengthSlack
                && SameStartOrEnd(key, KeyOf(s)))
            {
                // A short comment with three slips shares almost no 3-gram with its source: its sketch says nothing.
                // Those that start or end alike are compared by edit distance (one machine word of bit-parallel work).
                var distance = EditDistance.Bounded(key, KeyOf(s), MaxRecentShortDistance);
                matches = distance <= MaxRecentShortDistance ? SketchLengthAsMatches - distance : matches;
            }

            if (matches < threshold || (found == MaxRecentCandidates && matches <= bestMatches[found - 1]))
            {
                continue;
            }

            // Keep the best few, most agreeing first (newest first among equals).
            var at = found < MaxRecentCandidates ? found++ : found - 1;
            while (at > 0 && bestMatches[at - 1] < matches)
            {
                best[at] = best[at - 1];
                bestMatches[at] = bestMatches[at - 1];
                at--;
            }

            best[at] = s;
            bestMatches[at] = matches;
        }

        for (var i = 0; i < found && count < output.Length; i++)
        {
            TryAdd(best[i], slot, output, ref count);
        }
    }

    private static bool SameStartOrEnd(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        a[0] == b[0] || (a.Length >= 3 && b.Length >= 3 && a[^3..].SequenceEqual(b[^3..]));
}
