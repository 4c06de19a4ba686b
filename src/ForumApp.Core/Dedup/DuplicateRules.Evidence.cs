namespace ForumApp.Core.Dedup;

/// <summary>What the corpus's word counts and the shape of a differing stretch say: a slip, or another word.</summary>
internal static partial class DuplicateRules
{
    /// <summary>
    /// True when one word is another with two or more syllables left out and what is left is a word of its own:
    /// two syllables or more, not only endings (강아지는/강은, 가르치는데/가는데). A slip leaves out one syllable;
    /// one word shortened by two is another word when the rest still reads as one, and a garbled word when only a
    /// syllable or an ending is left (기억해/기, 켰어요/요).
    /// </summary>
    private static bool IsShortenedWord(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool oneWordEach)
    {
        var shorter = a.Length <= b.Length ? a : b;
        var longer = a.Length <= b.Length ? b : a;
        return oneWordEach && longer.Length - shorter.Length >= 2 && shorter.Length >= 2
            && !KoreanEndings.IsEndingsOnly(shorter) && !IsDoubling(shorter, longer);
    }

    /// <summary>True when the longer stretch is the shorter with characters typed twice (생생각/생각).</summary>
    private static bool IsDoubling(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var shorter = a.Length <= b.Length ? a : b;
        var longer = a.Length <= b.Length ? b : a;
        int i = 0, j = 0;
        while (j < longer.Length)
        {
            if (i < shorter.Length && shorter[i] == longer[j])
            {
                i++;
                j++;
            }
            else if (j > 0 && longer[j] == longer[j - 1])
            {
                j++;
            }
            else
            {
                return false;
            }
        }

        return i == shorter.Length;
    }

    /// <summary>True when the shorter of two stretches is the longer one with characters left out.</summary>
    private static bool IsSubsequence(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var shorter = a.Length <= b.Length ? a : b;
        var longer = a.Length <= b.Length ? b : a;
        var at = 0;
        foreach (var c in longer)
        {
            if (at < shorter.Length && shorter[at] == c)
            {
                at++;
            }
        }

        return at == shorter.Length;
    }

    /// <summary>Least count in the corpus of a side's words for them to count as words the corpus uses.</summary>
    private const int MinCorpusWordCount = 5;

    /// <summary>Two sides are words used about as often as each other when the rarer is at least 1/this of the other.</summary>
    private const int CorpusWordRatio = 5;

    /// <summary>A side is a rare form of the other's word when it is used at most 1/this as often (or at most twice).</summary>
    private const int SlipRatio = 64;

    /// <summary>Most typos in one stretch when the corpus says it is a slip.</summary>
    private const int MaxSlipTypos = 3;

    /// <summary>What the corpus's word counts say about a differing stretch.</summary>
    private enum CorpusEvidence
    {
        /// <summary>Nothing: the words are too rare to tell (a small corpus, rare words).</summary>
        None,

        /// <summary>Both sides are words the corpus uses about as often as each other: another word.</summary>
        Words,

        /// <summary>One side is a word the corpus uses, the other a rare form next to it: a slip.</summary>
        Slip,
    }

    /// <summary>
    /// Weighs a differing stretch by how often the corpus uses each side's words (a side's count is its rarest word's;
    /// noise tokens skipped): both at least <see cref="MinCorpusWordCount"/> times and within a factor of
    /// <see cref="CorpusWordRatio"/> of each other are two words; one at least that often and the other seen at most
    /// twice or 1/<see cref="SlipRatio"/> as often, and no more than the square root of the other's count, is a word and
    /// a slip of it (a slip is rare in absolute terms too: 알았습니다, 1,365 times beside 읽었습니다's 58,213 in a stock
    /// phrase, and 높은, 1,676 times beside the stock 좋은's 107,987, are words).
    /// </summary>
    private static CorpusEvidence Weigh(WordCounts words, ReadOnlySpan<char> a, ReadOnlySpan<Range> tokensA, ReadOnlySpan<char> b, ReadOnlySpan<Range> tokensB)
    {
        var countA = RarestCount(words, a, tokensA);
        var countB = RarestCount(words, b, tokensB);
        var (rarer, commoner) = countA < countB ? (countA, countB) : (countB, countA);
        return commoner < MinCorpusWordCount ? CorpusEvidence.None
            : rarer >= MinCorpusWordCount && rarer * CorpusWordRatio >= commoner ? CorpusEvidence.Words
            : rarer <= Math.Max(2, Math.Min(commoner / SlipRatio, (int)Math.Sqrt(commoner))) ? CorpusEvidence.Slip
            : CorpusEvidence.None;
    }

    private static int RarestCount(WordCounts words, ReadOnlySpan<char> key, ReadOnlySpan<Range> tokens)
    {
        var rarest = -1;
        foreach (var range in tokens)
        {
            var token = key[range];
            if (!IsNoise(token))
            {
                var count = words.CountOf(token);
                rarest = rarest < 0 ? count : Math.Min(rarest, count);
            }
        }

        return Math.Max(rarest, 0);
    }
}
