using System.Collections.Frozen;

namespace ForumApp.Core.Dedup;

/// <summary>
/// Korean sentence endings and particles, for the key-word guard: two words that share their stem and differ only in
/// the ending after it say the same thing in another register (일입니다/일이다, 생각합니다/생각해요, 은/는).
/// </summary>
internal static class KoreanEndings
{
    // Syllables Korean sentence endings and particles are made of: 입니다/이다, 해요/합니다, 했다/한다, 은/는/이/가 ….
    // Negation (않, 없, 못, 안) is deliberately absent: the polarity guard owns it.
    private static readonly System.Buffers.SearchValues<char> s_endingSyllables =
        System.Buffers.SearchValues.Create("입니다이요습은는가을를에의도로으와과네군어아죠지고서게며면해했합함한하였었겠됩된되돼라랍예야여");

    // Endings of two syllables or more, as they follow a stem (or fuse with 하다 and the copula 이다). Built from ending
    // syllables alone is not enough: 강의/강아지, 가을로/가게로 and 달아요/달라요 are made of them too, and are other words.
    private static readonly FrozenSet<string> s_endings = FrozenSet.Create(StringComparer.Ordinal,
        "입니다", "이다", "이에요", "예요", "이야", "이고", "이며", "이라", "이라고", "이었다", "였다", "였어요", "이었어요",
        "였습니다", "이었습니다", "이죠", "이지", "이네요", "인데", "합니다", "한다", "해요", "했다", "했어요", "했습니다",
        "하다", "하고", "하는", "하며", "해서", "하게", "하지", "하죠", "하네요", "습니다", "어요", "아요", "여요", "었다",
        "았다", "었어요", "았어요", "었습니다", "았습니다", "네요", "지요", "군요", "는다", "는데", "은데", "어서", "아서",
        "으로", "에서", "에게", "에는", "에도", "으면", "면서", "겠다", "겠어요", "겠습니다", "다고", "라고", "됩니다", "된다",
        "돼요", "됐다", "됐어요", "됐습니다", "되다", "되고", "되는");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_lookup = s_endings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="word"/> is made only of ending syllables (요, 어요, 고).</summary>
    public static bool IsEndingsOnly(ReadOnlySpan<char> word) => !word.ContainsAnyExcept(s_endingSyllables);

    /// <summary>
    /// True when two words share their stem and differ only in the grammatical ending or particle after it
    /// ("일입니다" / "일이다", "생각합니다" / "생각해요"): the same statement in another register, not another word.
    /// Each differing tail is one ending syllable or a known ending (<see cref="s_endings"/>).
    /// </summary>
    public static bool IsEndingVariation(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        // 합니다 / 한다, 입니다 / 이다: the stem 하 or the copula 이 fused with the ending, so there may be no common
        // prefix; then both words must be endings through and through and start with that stem (요가는 / 도로는 are
        // made of ending syllables too, and are two nouns).
        var common = a.CommonPrefixLength(b);
        var tailA = a[common..];
        var tailB = b[common..];
        return tailA.Length <= 4 && tailB.Length <= 4 && (tailA.Length + tailB.Length) > 0
            && IsEnding(tailA) && IsEnding(tailB)
            && (common > 0 || (FusedStem(tailA) && FusedStem(tailB)));
    }

    private static bool IsEnding(ReadOnlySpan<char> tail) =>
        tail.IsEmpty || (tail.Length == 1 ? s_endingSyllables.Contains(tail[0]) : s_lookup.Contains(tail));

    // 하다 and the copula 이다 fused with their endings: 합니다, 한다, 해요, 했다, 입니다, 이다, 인, 였다.
    private static bool FusedStem(ReadOnlySpan<char> word) => word.IsEmpty || "하한할함합해했이입인일였".Contains(word[0]);
}
