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

        if (a.Length <= MaxBitParallelLength)
        {
            return BitParallel(a, b, max);
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

    /// <summary>Longest pattern (shorter string) the bit-parallel path takes: 8 machine words.</summary>
    private const int MaxBitParallelLength = 512;

    /// <summary>
    /// Myers' bit-parallel Levenshtein (Hyyrö's multi-word form): the shorter string is the pattern, one bit per
    /// character, 64 rows of the DP matrix per machine word and step. A 60-character comparison is ~60 word steps
    /// instead of ~60 × 31 cells of the banded DP. Stops early once the distance cannot come back under
    /// <paramref name="max"/>.
    /// </summary>
    private static int BitParallel(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        var m = a.Length;
        var n = b.Length;
        var words = (m + 63) >> 6;

        // Pattern-match vectors: for each distinct character of a, the positions where it occurs. A small open
        // addressing table maps a character to its row.
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(32, 2 * m));
        var mask = capacity - 1;
        Span<char> tableChar = stackalloc char[capacity];
        Span<short> tableRow = stackalloc short[capacity];
        tableRow.Fill(-1);
        Span<ulong> peq = stackalloc ulong[m * words];
        peq.Clear();
        var rows = 0;
        for (var i = 0; i < m; i++)
        {
            var c = a[i];
            var h = (c * 0x9E37) & mask;
            while (tableRow[h] >= 0 && tableChar[h] != c)
            {
                h = (h + 1) & mask;
            }

            if (tableRow[h] < 0)
            {
                tableChar[h] = c;
                tableRow[h] = (short)rows++;
            }

            peq[(tableRow[h] * words) + (i >> 6)] |= 1UL << (i & 63);
        }

        Span<ulong> pv = stackalloc ulong[words];
        Span<ulong> mv = stackalloc ulong[words];
        pv.Fill(ulong.MaxValue);
        mv.Clear();
        var score = m;
        var last = words - 1;
        var lastBit = 1UL << ((m - 1) & 63);
        for (var j = 0; j < n; j++)
        {
            var c = b[j];
            var h = (c * 0x9E37) & mask;
            while (tableRow[h] >= 0 && tableChar[h] != c)
            {
                h = (h + 1) & mask;
            }

            var row = tableRow[h];
            var hin = 1; // the top row: D[0][j] = j
            for (var w = 0; w < words; w++)
            {
                var eq = row >= 0 ? peq[(row * words) + w] : 0UL;
                var p = pv[w];
                var mm = mv[w];
                var hinNegative = hin < 0 ? 1UL : 0UL;
                var xv = eq | mm;
                eq |= hinNegative;
                var xh = (((eq & p) + p) ^ p) | eq;
                var ph = mm | ~(xh | p);
                var mh = p & xh;
                if (w == last)
                {
                    score += (ph & lastBit) != 0 ? 1 : (mh & lastBit) != 0 ? -1 : 0;
                }

                var hout = (int)(ph >> 63) - (int)(mh >> 63);
                ph = (ph << 1) | (hin > 0 ? 1UL : 0UL);
                mh = (mh << 1) | hinNegative;
                pv[w] = mh | ~(xv | ph);
                mv[w] = ph & xv;
                hin = hout;
            }

            // D[m][n] >= D[m][j+1] - (columns left): once that exceeds max, it stays over.
            if (score - (n - j - 1) > max)
            {
                return max + 1;
            }
        }

        return score;
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
