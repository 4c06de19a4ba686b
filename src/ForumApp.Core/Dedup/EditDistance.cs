using System.Buffers;

namespace ForumApp.Core.Dedup;

/// <summary>Levenshtein distance, bounded: work grows with the allowed distance, not with the product of lengths.</summary>
internal static class EditDistance
{
    /// <summary>
    /// The edit distance between <paramref name="a"/> and <paramref name="b"/> when it is at most <paramref name="max"/>;
    /// otherwise any value greater than <paramref name="max"/>.
    /// </summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        // Common prefix and suffix cost nothing; near duplicates differ in a few places.
        var prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];
        var suffix = 0;
        while (suffix < a.Length && suffix < b.Length && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        a = a[..^suffix];
        b = b[..^suffix];
        if (a.Length > b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }

        if (b.Length - a.Length > max)
        {
            return max + 1;
        }

        if (a.Length == 0)
        {
            return b.Length;
        }

        int[]? rented = null;
        var row = b.Length + 1 <= 256 ? stackalloc int[b.Length + 1] : (rented = ArrayPool<int>.Shared.Rent(b.Length + 1));
        try
        {
            return Banded(a, b, max, row);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private static int Banded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max, Span<int> row)
    {
        const int Big = int.MaxValue / 2;
        var m = b.Length;
        for (var j = 0; j <= m; j++)
        {
            row[j] = j <= max ? j : Big;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - max);
            var to = Math.Min(m, i + max);
            var diagonal = row[from - 1];
            row[from - 1] = from == 1 ? i : Big; // D[i][from-1]: the first column, or outside the band

            var rowMin = row[from - 1];
            var ai = a[i - 1];
            for (var j = from; j <= to; j++)
            {
                var above = row[j];
                var cost = ai == b[j - 1] ? diagonal : diagonal + 1;
                var best = Math.Min(cost, Math.Min(above + 1, row[j - 1] + 1));
                diagonal = above;
                row[j] = best;
                rowMin = Math.Min(rowMin, best);
            }

            if (to < m)
            {
                row[to + 1] = Big;
            }

            if (rowMin > max)
            {
                return max + 1;
            }
        }

        return Math.Min(row[m], max + 1);
    }
}
