using System.Buffers;

namespace ForumApp.Core.Dedup;

/// <summary>
/// Decides whether two comparison keys duplicate each other, and how. Candidate generation (hashing, MinHash/LSH,
/// prefix index) only proposes pairs; every reported relation is decided here.
/// </summary>
internal static partial class DuplicateRules
{
    private const string VerbsAfterAn = "하한해했할함합되된돼됐될됩가간갈갔와온올왔보본볼봐봤좋먹맞쓰써썼읽들나났내냈사샀";

    /// <summary>
    /// Relates text A to text B. <paramref name="bodyA"/> is the length of A's preview body within its key when
    /// A is a truncated preview (<paramref name="truncatedA"/>); the same for B.
    /// </summary>
    public static bool TryRelate(
        ReadOnlySpan<char> keyA, int bodyA, bool truncatedA,
        ReadOnlySpan<char> keyB, int bodyB, bool truncatedB,
        DedupOptions options, out DuplicateKind kind, out double score) =>
        TryRelate(keyA, bodyA, truncatedA, keyB, bodyB, truncatedB, options, null, out kind, out score);

    /// <summary>
    /// <see cref="TryRelate(ReadOnlySpan{char}, int, bool, ReadOnlySpan{char}, int, bool, DedupOptions, out DuplicateKind, out double)"/>
    /// with the word counts of the corpus, which tell two words of the corpus from a word and a slip of it.
    /// </summary>
    public static bool TryRelate(
        ReadOnlySpan<char> keyA, int bodyA, bool truncatedA,
        ReadOnlySpan<char> keyB, int bodyB, bool truncatedB,
        DedupOptions options, WordCounts? words, out DuplicateKind kind, out double score)
    {
        kind = DuplicateKind.Exact;
        score = 0;
        if (keyA.IsEmpty || keyB.IsEmpty)
        {
            return false;
        }

        if (keyA.SequenceEqual(keyB))
        {
            score = 1;
            return true;
        }

        var a = truncatedA ? keyA[..bodyA] : keyA;
        var b = truncatedB ? keyB[..bodyB] : keyB;
        if (a.IsEmpty || b.IsEmpty)
        {
            return false;
        }

        if (a.SequenceEqual(b))
        {
            // Same text, one of them with a "더보기"/"See more" marker left in.
            score = 1;
            return true;
        }

        if (truncatedA && a.Length < b.Length && TryContained(a, b, options, words, out score))
        {
            kind = DuplicateKind.Contained;
            return true;
        }

        if (truncatedB && b.Length < a.Length && TryContained(b, a, options, words, out score))
        {
            kind = DuplicateKind.Contained;
            return true;
        }

        if (TryNear(a, b, options, words, out score))
        {
            kind = DuplicateKind.Near;
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="preview"/> is (nearly) a prefix of <paramref name="full"/>.</summary>
    public static bool TryContained(ReadOnlySpan<char> preview, ReadOnlySpan<char> full, DedupOptions options, out double score) =>
        TryContained(preview, full, options, null, out score);

    /// <summary><see cref="TryContained(ReadOnlySpan{char}, ReadOnlySpan{char}, DedupOptions, out double)"/> with the corpus's word counts.</summary>
    public static bool TryContained(ReadOnlySpan<char> preview, ReadOnlySpan<char> full, DedupOptions options, WordCounts? words, out double score)
    {
        score = 0;
        if (preview.Length < options.MinContainedChars || preview.Length > full.Length)
        {
            return false;
        }

        if (full.StartsWith(preview))
        {
            score = 1;
            return true;
        }

        // A preview of a slightly edited copy: compare with the same-length prefix, under the near-duplicate guards.
        var head = full[..preview.Length];
        var maxDistance = (int)Math.Floor(preview.Length * (1 - options.MinNearSimilarity) + 1e-9);
        var distance = EditDistance.Bounded(preview, head, maxDistance);
        if (distance > maxDistance || !PassesGuards(preview, head, allowTrailingCut: true, words, out _))
        {
            return false;
        }

        score = 1 - ((double)distance / preview.Length);
        return true;
    }

    /// <summary>True when A and B are small edits of each other: similar enough, long enough, same polarity, same key words.</summary>
    public static bool TryNear(ReadOnlySpan<char> a, ReadOnlySpan<char> b, DedupOptions options, out double score) =>
        TryNear(a, b, options, null, out score);

    /// <summary><see cref="TryNear(ReadOnlySpan{char}, ReadOnlySpan{char}, DedupOptions, out double)"/> with the corpus's word counts.</summary>
    public static bool TryNear(ReadOnlySpan<char> a, ReadOnlySpan<char> b, DedupOptions options, WordCounts? words, out double score)
    {
        score = 0;
        char[]? rentedA = null;
        char[]? rentedB = null;
        var bufferA = a.Length <= 512 ? stackalloc char[a.Length] : (rentedA = ArrayPool<char>.Shared.Rent(a.Length));
        var bufferB = b.Length <= 512 ? stackalloc char[b.Length] : (rentedB = ArrayPool<char>.Shared.Rent(b.Length));
        try
        {
            // Korean spacing varies from writer to writer: distance ignores spaces.
            var sa = bufferA[..StripSpaces(a, bufferA)];
            var sb = bufferB[..StripSpaces(b, bufferB)];
            var shortest = Math.Min(sa.Length, sb.Length);
            if (shortest < MinTypoChars)
            {
                return false;
            }

            if (shortest < options.MinNearChars)
            {
                // A short text matches only the same words, re-spaced or with one typo: short comments are generic
                // ("좋은 글이네요" / "좋은 글이에요") and one changed word is a different comment.
                return TryShortTypo(sa, sb, a, b, words, out score);
            }

            // A copy whose every difference is a typo may differ more (a short comment re-typed with three slips).
            var maxLength = Math.Max(sa.Length, sb.Length);
            var nearDistance = (int)Math.Floor(maxLength * (1 - options.MinNearSimilarity) + 1e-9);
            var maxDistance = Math.Max(nearDistance, Math.Min(MaxTypos, (int)Math.Floor(maxLength * (1 - MinTypoSimilarity) + 1e-9)));
            if (Math.Abs(sa.Length - sb.Length) > maxDistance)
            {
                return false;
            }

            if (DedupProfile.Enabled)
            {
                DedupProfile.EditDistances++;
            }

            var started = DedupProfile.Now;
            var distance = EditDistance.Bounded(sa, sb, maxDistance);
            if (DedupProfile.Enabled)
            {
                DedupProfile.DistanceTicks += DedupProfile.Now - started;
            }

            if (distance > maxDistance || !PassesGuards(a, b, allowTrailingCut: false, words, out var typos)
                || (distance > nearDistance && (distance > typos || typos > MaxTypos)))
            {
                return false;
            }

            score = 1 - ((double)distance / maxLength);
            return true;
        }
        finally
        {
            if (rentedA is not null)
            {
                ArrayPool<char>.Shared.Return(rentedA);
            }

            if (rentedB is not null)
            {
                ArrayPool<char>.Shared.Return(rentedB);
            }
        }
    }

    /// <summary>Most typos a copy below the near-duplicate similarity may carry, every difference being one of them.</summary>
    private const int MaxTypos = 4;

    /// <summary>Least edit similarity of a copy whose every difference is a typo.</summary>
    private const double MinTypoSimilarity = 0.65;

    /// <summary>Texts shorter than this (non-space characters) match only when identical.</summary>
    internal const int MinTypoChars = 8;

    /// <summary>Most typo cost (<see cref="TypoModel"/>) a text shorter than <see cref="DedupOptions.MinNearChars"/> may carry.</summary>
    private const int MaxShortTypoCost = 3;

    private static bool TryShortTypo(ReadOnlySpan<char> sa, ReadOnlySpan<char> sb, ReadOnlySpan<char> a, ReadOnlySpan<char> b, WordCounts? words, out double score)
    {
        score = 0;
        if (Math.Abs(sa.Length - sb.Length) > MaxShortTypoCost)
        {
            return false;
        }

        var distance = EditDistance.Bounded(sa, sb, MaxShortTypoCost);
        if (distance > MaxShortTypoCost || !PassesGuards(a, b, allowTrailingCut: false, words, out var typoCost) || typoCost > MaxShortTypoCost)
        {
            return false;
        }

        score = 1 - ((double)distance / Math.Max(sa.Length, sb.Length));
        return true;
    }

    private static int StripSpaces(ReadOnlySpan<char> key, Span<char> destination)
    {
        var n = 0;
        foreach (var c in key)
        {
            if (c != ' ')
            {
                destination[n++] = c;
            }
        }

        return n;
    }

    /// <summary>
    /// Guards against the classic false positives of similarity search: a sentence and its negation, and two
    /// sentences from one template that differ in their key words. Both compare word by word.
    /// </summary>
    internal static bool PassesGuards(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool allowTrailingCut) =>
        PassesGuards(a, b, allowTrailingCut, null, out _);

    /// <summary><see cref="PassesGuards(ReadOnlySpan{char}, ReadOnlySpan{char}, bool)"/>, with the typo cost of the differing words.</summary>
    internal static bool PassesGuards(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool allowTrailingCut, WordCounts? words, out int typoCost)
    {
        if (DedupProfile.Enabled)
        {
            DedupProfile.GuardCalls++;
        }

        var started = DedupProfile.Now;
        var passes = PassesGuardsCore(a, b, allowTrailingCut, words, out typoCost);
        if (DedupProfile.Enabled)
        {
            DedupProfile.GuardTicks += DedupProfile.Now - started;
        }

        return passes;
    }

    private static bool PassesGuardsCore(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool allowTrailingCut, WordCounts? words, out int typoCost)
    {
        typoCost = 0;
        Span<int> cuesA = stackalloc int[CueCount];
        Span<int> cuesB = stackalloc int[CueCount];
        CountNegationCues(a, cuesA);
        CountNegationCues(b, cuesB);
        if (!cuesA.SequenceEqual(cuesB) && !IsSpacingOfAn(a, b, cuesA, cuesB))
        {
            return false;
        }

        return CountKeyWordChanges(a, b, allowTrailingCut, words, out var maxTokens, out typoCost) <= maxTokens / 40;
    }

    private const int CueCount = 8;

    /// <summary>The cue of <c>안</c> read as a word (안 한다), the only one that depends on where spaces fall.</summary>
    private const int AnCue = 5;

    /// <summary>Counts polarity markers: 없/않/못/싫/아니-/안 + verb/prohibitions (-지 마)/English not, no, n't.</summary>
    internal static void CountNegationCues(ReadOnlySpan<char> key, Span<int> counts)
    {
        counts.Clear();
        foreach (var range in key.Split(' '))
        {
            var token = key[range];
            if (token.IsEmpty)
            {
                continue;
            }

            for (var i = 0; i < token.Length; i++)
            {
                var c = token[i];
                var next = i + 1 < token.Length ? token[i + 1] : '\0';
                switch (c)
                {
                    case '없': counts[0]++; break;
                    case '않': counts[1]++; break;
                    case '못': counts[2]++; break;
                    case '싫': counts[3]++; break;
                    case '아' when next is '니' or '닌' or '닙' or '님' or '냐' or '녜': counts[4]++; break;
                    case '지' when next == '마': counts[6]++; break;
                    // 마세요, 마라, 말자, 말고 (하지 말고): after 지, or as a word of their own (마세요, 말자고), not
                    // inside or at the start of another word (마라톤, 말라리아, 말고기, 마세라티).
                    case '마' when next is '세' or '라' && (i > 0 ? token[i - 1] == '지' : IsProhibition(token[2..])): counts[6]++; break;
                    case '말' when next is '라' or '자' or '아' or '고' && (i > 0 ? token[i - 1] == '지' : IsProhibition(token[2..])): counts[6]++; break;
                    default: break;
                }
            }

            if (token is "안" || (token.Length >= 2 && token[0] == '안' && VerbsAfterAn.Contains(token[1])))
            {
                counts[AnCue]++;
            }

            if (token is "not" or "no" or "never" or "nothing" or "none" or "nobody" or "nor" or "neither" or "cannot"
                or "t" or "dont" or "doesnt" or "didnt" or "isnt" or "wasnt" or "arent" or "cant" or "wont" or "without")
            {
                counts[7]++;
            }
        }
    }

    /// <summary>What may follow a prohibition that starts a word (마라, 마세요, 말자고, 말라며, 말아요, 마라니까요).</summary>
    private static bool IsProhibition(ReadOnlySpan<char> rest) =>
        rest is "" or "요" or "고" or "고요" or "는" or "며" or "니" or "니까" or "니까요" or "구요";

    /// <summary>
    /// True when the cues differ only in 안 read as a word, and every such 안 that one text has beyond the other stands
    /// before a word the other text writes joined to it: a space typed inside a word (안경을 → 안 경을) changes the
    /// spacing, not the polarity. 갑니다/안 갑니다 still differ; 안 갑니다/안갑니다 are the same.
    /// </summary>
    private static bool IsSpacingOfAn(ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<int> cuesA, ReadOnlySpan<int> cuesB)
    {
        for (var i = 0; i < cuesA.Length; i++)
        {
            if (i != AnCue && cuesA[i] != cuesB[i])
            {
                return false;
            }
        }

        return cuesA[AnCue] - JoinedElsewhere(a, b) == cuesB[AnCue] - JoinedElsewhere(b, a);

        // How many words 안 of KEY the OTHER text writes joined to the word after it (안 경을 / 안경을).
        static int JoinedElsewhere(ReadOnlySpan<char> key, ReadOnlySpan<char> other)
        {
            var count = 0;
            var afterAn = false;
            foreach (var range in key.Split(' '))
            {
                var token = key[range];
                if (token.IsEmpty)
                {
                    continue;
                }

                if (afterAn && HasToken(other, token))
                {
                    count++;
                }

                afterAn = token is "안";
            }

            return count;
        }

        static bool HasToken(ReadOnlySpan<char> text, ReadOnlySpan<char> rest)
        {
            foreach (var range in text.Split(' '))
            {
                var token = text[range];
                if (token.Length == rest.Length + 1 && token[0] == '안' && token[1..].SequenceEqual(rest))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Aligns the words of A and B (longest common subsequence) and counts the differing stretches that are not
    /// spacing changes, typos (one jamo, or one syllable in a longer word) or noise (ㅋㅋ, ㅠㅠ): those are key-word changes.
    /// </summary>
    private static int CountKeyWordChanges(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool allowTrailingCut, WordCounts? words, out int maxTokens, out int typoCost)
    {
        // Word boundaries on the stack (no allocation per comparison); a text of more than 256 words rents.
        Range[]? rentedA = null;
        Range[]? rentedB = null;
        var bufferA = a.Length <= 512 ? stackalloc Range[256] : (rentedA = ArrayPool<Range>.Shared.Rent((a.Length / 2) + 1));
        var bufferB = b.Length <= 512 ? stackalloc Range[256] : (rentedB = ArrayPool<Range>.Shared.Rent((b.Length / 2) + 1));
        try
        {
            return CountKeyWordChanges(a, bufferA[..Tokenize(a, bufferA)], b, bufferB[..Tokenize(b, bufferB)], allowTrailingCut, words, out maxTokens, out typoCost);
        }
        finally
        {
            if (rentedA is not null)
            {
                ArrayPool<Range>.Shared.Return(rentedA);
            }

            if (rentedB is not null)
            {
                ArrayPool<Range>.Shared.Return(rentedB);
            }
        }
    }

    private static int CountKeyWordChanges(
        ReadOnlySpan<char> a, ReadOnlySpan<Range> tokensA, ReadOnlySpan<char> b, ReadOnlySpan<Range> tokensB, bool allowTrailingCut,
        WordCounts? words, out int maxTokens, out int typoCost)
    {
        maxTokens = Math.Max(tokensA.Length, tokensB.Length);
        typoCost = 0;
        var tally = default(StretchTally);
        var n = tokensA.Length;
        var m = tokensB.Length;
        var start = 0;
        while (start < n && start < m && a[tokensA[start]].SequenceEqual(b[tokensB[start]]))
        {
            start++;
        }

        var endA = n;
        var endB = m;
        while (endA > start && endB > start && a[tokensA[endA - 1]].SequenceEqual(b[tokensB[endB - 1]]))
        {
            endA--;
            endB--;
        }

        var rows = endA - start;
        var cols = endB - start;
        if (rows == 0 && cols == 0)
        {
            return 0;
        }

        if ((long)(rows + 1) * (cols + 1) > 1_000_000)
        {
            return int.MaxValue; // too different to be a small edit
        }

        // LCS table over the differing middle.
        var width = cols + 1;
        var table = ArrayPool<int>.Shared.Rent((rows + 1) * width);
        try
        {
            for (var i = rows; i >= 0; i--)
            {
                for (var j = cols; j >= 0; j--)
                {
                    table[(i * width) + j] = i == rows || j == cols
                        ? 0
                        : a[tokensA[start + i]].SequenceEqual(b[tokensB[start + j]])
                            ? table[((i + 1) * width) + j + 1] + 1
                            : Math.Max(table[((i + 1) * width) + j], table[(i * width) + j + 1]);
                }
            }

            var changes = 0;
            int x = 0, y = 0, gapA = 0, gapB = 0;
            while (x < rows || y < cols)
            {
                if (x < rows && y < cols && a[tokensA[start + x]].SequenceEqual(b[tokensB[start + y]]))
                {
                    changes += IsKeyWordChange(a, tokensA, start + gapA, start + x, b, tokensB, start + gapB, start + y, false, words, ref tally) ? 1 : 0;
                    x++;
                    y++;
                    gapA = x;
                    gapB = y;
                }
                else if (y >= cols || (x < rows && table[((x + 1) * width) + y] >= table[(x * width) + y + 1]))
                {
                    x++;
                }
                else
                {
                    y++;
                }
            }

            var atEnd = endA == n && endB == m;
            changes += IsKeyWordChange(a, tokensA, start + gapA, start + rows, b, tokensB, start + gapB, start + cols, allowTrailingCut && atEnd, words, ref tally) ? 1 : 0;

            // A stretch that spells another word the corpus uses as often is forgiven when the copy carries at least as
            // many plain slips elsewhere: a writer who typed 마랴톤 and 치치료 also typed 멋있어요 for 맛있어요.
            typoCost = tally.TypoCost;
            if (tally.Doubtful > 0 && tally.Doubtful <= tally.Slips)
            {
                typoCost += tally.DoubtfulTypos;
            }
            else
            {
                changes += tally.Doubtful;
            }

            return changes;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(table);
        }
    }

    /// <summary>Writes the ranges of the words of <paramref name="key"/> to <paramref name="tokens"/>; returns how many.</summary>
    private static int Tokenize(ReadOnlySpan<char> key, Span<Range> tokens)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= key.Length; i++)
        {
            if (i == key.Length || key[i] == ' ')
            {
                if (start >= 0)
                {
                    tokens[count++] = new Range(start, i);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return count;
    }

    private static bool IsKeyWordChange(
        ReadOnlySpan<char> a, ReadOnlySpan<Range> tokensA, int fromA, int toA,
        ReadOnlySpan<char> b, ReadOnlySpan<Range> tokensB, int fromB, int toB, bool trailingCut, WordCounts? words, ref StretchTally tally)
    {
        if (fromA >= toA && fromB >= toB)
        {
            return false;
        }

        Span<char> gapA = stackalloc char[64];
        Span<char> gapB = stackalloc char[64];
        var lengthA = Concatenate(a, tokensA, fromA, toA, gapA);
        var lengthB = Concatenate(b, tokensB, fromB, toB, gapB);
        if (lengthA < 0 || lengthB < 0)
        {
            return true; // a long rewritten stretch
        }

        var ga = gapA[..lengthA];
        var gb = gapB[..lengthB];
        if (trailingCut)
        {
            // A preview may stop in the middle of a word: compare only what both have.
            var common = Math.Min(ga.Length, gb.Length);
            ga = ga[..common];
            gb = gb[..common];
        }

        if (!SameDigits(ga, gb))
        {
            return true;
        }

        if (KoreanEndings.IsEndingVariation(ga, gb))
        {
            return false;
        }

        // Typos (a close jamo, a syllable doubled or left out), at most one for every two characters of the stretch
        // (rounded up); a stretch with a replaced syllable or a far jamo changed a word, unless the corpus says one side
        // is a word and the other a rare form of it (a slip). Typos in every syllable (이미/아마, 마라톤/마사톧), up to
        // three, are doubtful: forgiven only beside as many plain slips elsewhere (see CountKeyWordChanges).
        var typos = TypoModel.Count(ga, gb);
        var longer = Math.Max(ga.Length, gb.Length);
        var evidence = typos == 0 || words is null ? CorpusEvidence.None : Weigh(words, a, tokensA[fromA..toA], b, tokensB[fromB..toB]);
        if (typos > Math.Max(1, (longer + 1) / 2))
        {
            if (evidence != CorpusEvidence.Slip)
            {
                if (typos > MaxSlipTypos)
                {
                    return true;
                }

                tally.Doubtful++;
                tally.DoubtfulTypos += typos;
                return false;
            }

            typos = TypoModel.Count(ga, gb, twoSlipSyllables: true);
            if (typos > Math.Min(MaxSlipTypos, Math.Max(2, longer)))
            {
                return true;
            }
        }

        // Two or more slips in one stretch, or one slipped jamo, are what a typo and another word look like alike
        // (탔는데/모았는데, 맛있고/멋있고): when both sides are words the corpus uses about as often as each other, it is
        // another word (doubtful: forgiven only beside as many plain slips elsewhere). One syllable only left out (or
        // typed twice) is not judged so: that turns words into other words too often (방송은/방은, 약국을/약을) for the
        // corpus to tell; one word shortened by two syllables or more to another word of two syllables or more is
        // (강아지는/강은), a garbled word is not (구웠어요/어요, 기억해/기).
        if (evidence == CorpusEvidence.Words && (typos >= 2 || ga.Length == gb.Length)
            && (!IsSubsequence(ga, gb) || IsShortenedWord(ga, gb, toA - fromA == 1 && toB - fromB == 1)))
        {
            tally.Doubtful++;
            tally.DoubtfulTypos += typos;
            return false;
        }

        tally.TypoCost += typos;
        if (typos > 0 && evidence != CorpusEvidence.Words)
        {
            tally.Slips++;
        }

        return false;
    }

    /// <summary>What the differing stretches of two texts were: typos, plain slips, and stretches that spell another word.</summary>
    private struct StretchTally
    {
        public int TypoCost;
        public int Slips;
        public int Doubtful;
        public int DoubtfulTypos;
    }

    /// <summary>Concatenates tokens without spaces, skipping noise tokens made only of jamo (ㅋㅋ, ㅎㅎ, ㅠㅠ).</summary>
    private static int Concatenate(ReadOnlySpan<char> key, ReadOnlySpan<Range> tokens, int from, int to, Span<char> destination)
    {
        var n = 0;
        for (var t = from; t < to; t++)
        {
            var token = key[tokens[t]];
            if (IsNoise(token))
            {
                continue;
            }

            if (n + token.Length > destination.Length)
            {
                return -1;
            }

            token.CopyTo(destination[n..]);
            n += token.Length;
        }

        return n;
    }

    private static bool IsNoise(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (c is < '\u3131' or > '\u318E')
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && !char.IsAsciiDigit(a[i]))
            {
                i++;
            }

            while (j < b.Length && !char.IsAsciiDigit(b[j]))
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (a[i++] != b[j++])
            {
                return false;
            }
        }
    }
}
