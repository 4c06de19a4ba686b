using System.Text;

namespace ForumApp.Core.Dedup;

/// <summary>
/// Tells a typo from another word. A typo is what a hand does on the 두벌식 keyboard: one jamo replaced by a
/// neighbouring key, a shifted key (ㄱ/ㄲ, ㅐ/ㅒ), one key of a compound vowel or final consonant missed or added
/// (ㅘ/ㅗ, ㄶ/ㄴ, 합/하), the common vowel confusions (ㅐ/ㅔ, ㅙ/ㅞ/ㅚ), a syllable typed twice or left out. Another
/// word in the same slot changes whole syllables, or jamo that are far apart on the keyboard (무료/유료, 탔/잤).
/// </summary>
internal static class TypoModel
{
    /// <summary>A cost meaning "not a typo": the stretch changed a word.</summary>
    public const int NotATypo = 1000;

    // The 두벌식 rows; consonants on the left hand, vowels on the right; rows are staggered as on QWERTY.
    private static readonly string[] s_rows = ["ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ"];

    private const string Initials = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
    private const string Vowels = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
    private const string Finals = "\0ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";

    private static readonly bool[] s_closeInitials = Table(Initials, first: 0);
    private static readonly bool[] s_closeVowels = Table(Vowels, first: 0);
    private static readonly bool[] s_closeFinals = Table(Finals, first: 1);
    private static readonly bool[] s_common = CommonSyllables();

    /// <summary>
    /// How many typos turn <paramref name="a"/> into <paramref name="b"/> (spaces already removed, both at most 64
    /// characters: the differing stretch of two near-duplicate texts), or <see cref="NotATypo"/>. A typo is a close
    /// jamo (see the class), a character typed twice or left out (realy/really, 생생각/생각), or a syllable left out.
    /// Syllables left out are all on one side: one left out here and another there is a replaced syllable, another word.
    /// </summary>
    public static int Count(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Count(a, b, twoSlipSyllables: false);

    /// <summary>
    /// <see cref="Count(ReadOnlySpan{char}, ReadOnlySpan{char})"/>; with <paramref name="twoSlipSyllables"/> a syllable
    /// may also carry two close slips (시장/시냉: ㅈ→ㄴ and ㅏ→ㅐ), counted as two typos. The caller allows that only
    /// when the corpus says one side is a word and the other a rare form of it: two close slips in one syllable reach
    /// many real words (방/면 is one slip too far, 장/냉 is not).
    /// </summary>
    public static int Count(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool twoSlipSyllables)
    {
        // One typo is the least two different stretches can be: the other direction cannot do better.
        var first = Count(a, b, dropsFromA: true, twoSlipSyllables);
        return first <= 1 ? first : Math.Min(first, Count(a, b, dropsFromA: false, twoSlipSyllables));
    }

    private static int Count(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool dropsFromA, bool twoSlipSyllables)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        previous[0] = 0;
        for (var j = 1; j <= b.Length; j++)
        {
            previous[j] = Add(previous[j - 1], IndelCost(b, j - 1, allowDrop: !dropsFromA));
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var deletion = IndelCost(a, i - 1, allowDrop: dropsFromA);
            current[0] = Add(previous[0], deletion);
            for (var j = 1; j <= b.Length; j++)
            {
                var best = Add(previous[j - 1], SubstitutionCost(a[i - 1], b[j - 1], twoSlipSyllables));
                best = Math.Min(best, Add(previous[j], deletion));
                best = Math.Min(best, Add(current[j - 1], IndelCost(b, j - 1, allowDrop: !dropsFromA)));
                current[j] = best;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }

    private static int Add(int x, int y) => Math.Min(NotATypo, x + y);

    /// <summary>Cost of the character at <paramref name="at"/> being in one text and not in the other.</summary>
    private static int IndelCost(ReadOnlySpan<char> text, int at, bool allowDrop)
    {
        var c = text[at];
        if ((at > 0 && text[at - 1] == c) || (at + 1 < text.Length && text[at + 1] == c))
        {
            return 1; // typed twice (생생각, realy/really)
        }

        return allowDrop && IsSyllable(c) ? 1 : NotATypo;
    }

    private static int SubstitutionCost(char x, char y, bool twoSlipSyllables)
    {
        if (x == y)
        {
            return 0;
        }

        if (!IsSyllable(x) || !IsSyllable(y))
        {
            return char.IsAsciiLetter(x) && char.IsAsciiLetter(y) ? 1 : NotATypo;
        }

        int sx = x - 0xAC00, sy = y - 0xAC00;
        int ix = sx / 588, iy = sy / 588, vx = sx % 588 / 28, vy = sy % 588 / 28, fx = sx % 28, fy = sy % 28;
        var differing = (ix != iy ? 1 : 0) + (vx != vy ? 1 : 0) + (fx != fy ? 1 : 0);
        var close = differing == 1 && (ix != iy ? s_closeInitials[(ix * Initials.Length) + iy]
            : vx != vy ? s_closeVowels[(vx * Vowels.Length) + vy]
            : s_closeFinals[(fx * Finals.Length) + fy]);
        if (close)
        {
            return 1;
        }

        if (twoSlipSyllables && differing == 2
            && (ix == iy || s_closeInitials[(ix * Initials.Length) + iy])
            && (vx == vy || s_closeVowels[(vx * Vowels.Length) + vy])
            && (fx == fy || s_closeFinals[(fx * Finals.Length) + fy]))
        {
            return 2;
        }

        // Two slips in one syllable, or a far key, give a syllable no word is written with (태풍 → 태룿, 직원 → 춴):
        // that is a slip, not another word; one outside the common set is counted as two typos.
        return s_common[sx] && s_common[sy] ? NotATypo : 2;
    }

    /// <summary>
    /// True for the 2,350 syllables of KS X 1001 (the EUC-KR set Korean has been typed in for decades, every syllable of
    /// common words); the other 8,822 composable syllables (룿, 춴, 웥) nearly only come from slips.
    /// </summary>
    internal static bool IsCommonSyllable(char c) => c is >= '\uAC00' and <= '\uD7A3' && s_common[c - 0xAC00];

    private static bool[] CommonSyllables()
    {
        var euckr = CodePagesEncodingProvider.Instance.GetEncoding(51949, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
            ?? throw new InvalidOperationException("EUC-KR (code page 51949) is not available.");
        var common = new bool[11172];
        Span<char> one = stackalloc char[1];
        Span<byte> bytes = stackalloc byte[8];
        for (var i = 0; i < common.Length; i++)
        {
            one[0] = (char)(0xAC00 + i);
            try
            {
                common[i] = euckr.GetBytes(one, bytes) == 2;
            }
            catch (EncoderFallbackException)
            {
                common[i] = false;
            }
        }

        return common;
    }

    private static bool IsSyllable(char c) => c is >= '\uAC00' and <= '\uD7A3';

    /// <summary>Which pairs of jamo of one position are a slip apart.</summary>
    private static bool[] Table(string jamo, int first)
    {
        var n = jamo.Length;
        var table = new bool[n * n];
        for (var x = 0; x < n; x++)
        {
            for (var y = 0; y < n; y++)
            {
                table[(x * n) + y] = x != y && (x < first || y < first ? IsOneKey(jamo[Math.Max(x, y)]) : Close(Keys(jamo[x]), Keys(jamo[y])));
            }
        }

        return table;
    }

    // A final consonant added or dropped is one key stroke when it is typed with one key.
    private static bool IsOneKey(char jamo) => Keys(jamo).Length == 1;

    /// <summary>Key sequences are close when one key differs by a neighbour or shift, or one key is added or missed.</summary>
    private static bool Close(string x, string y)
    {
        if (IsConfusion(x, y))
        {
            return true;
        }

        if (x.Length == y.Length)
        {
            var differing = 0;
            var near = true;
            for (var k = 0; k < x.Length; k++)
            {
                if (x[k] != y[k])
                {
                    differing++;
                    near &= Neighbours(x[k], y[k]);
                }
            }

            return differing == 1 && near;
        }

        var (shorter, longer) = x.Length < y.Length ? (x, y) : (y, x);
        return longer.Length == shorter.Length + 1 && (longer.StartsWith(shorter, StringComparison.Ordinal) || longer.EndsWith(shorter, StringComparison.Ordinal));
    }

    // Vowels people confuse in spelling whatever the keyboard: 애/에, 얘/예, 왜/웨/외.
    private static bool IsConfusion(string x, string y) =>
        (x, y) is ("ㅐ", "ㅔ") or ("ㅔ", "ㅐ") or ("ㅒ", "ㅖ") or ("ㅖ", "ㅒ")
        || (x is "ㅗㅐ" or "ㅜㅔ" or "ㅗㅣ" && y is "ㅗㅐ" or "ㅜㅔ" or "ㅗㅣ");

    /// <summary>The keys a jamo is typed with (shift kept as the doubled letter: ㄲ is ㄱ shifted).</summary>
    private static string Keys(char jamo) => jamo switch
    {
        'ㅘ' => "ㅗㅏ", 'ㅙ' => "ㅗㅐ", 'ㅚ' => "ㅗㅣ", 'ㅝ' => "ㅜㅓ", 'ㅞ' => "ㅜㅔ", 'ㅟ' => "ㅜㅣ", 'ㅢ' => "ㅡㅣ",
        'ㄳ' => "ㄱㅅ", 'ㄵ' => "ㄴㅈ", 'ㄶ' => "ㄴㅎ", 'ㄺ' => "ㄹㄱ", 'ㄻ' => "ㄹㅁ", 'ㄼ' => "ㄹㅂ", 'ㄽ' => "ㄹㅅ",
        'ㄾ' => "ㄹㅌ", 'ㄿ' => "ㄹㅍ", 'ㅀ' => "ㄹㅎ", 'ㅄ' => "ㅂㅅ",
        _ => jamo.ToString(),
    };

    private static bool Neighbours(char x, char y)
    {
        var (kx, ky) = (Unshift(x), Unshift(y));
        if (kx == ky)
        {
            return true; // the same key with or without shift
        }

        var (rx, cx) = Position(kx);
        var (ry, cy) = Position(ky);
        // Same row: next key; adjacent rows are staggered by half a key, so c and c + 1 above, c - 1 and c below.
        return rx >= 0 && ry >= 0 && ((rx == ry && Math.Abs(cx - cy) == 1)
            || (ry == rx - 1 && (cy == cx || cy == cx + 1))
            || (ry == rx + 1 && (cy == cx || cy == cx - 1)));
    }

    private static char Unshift(char jamo) => jamo switch
    {
        'ㅃ' => 'ㅂ', 'ㅉ' => 'ㅈ', 'ㄸ' => 'ㄷ', 'ㄲ' => 'ㄱ', 'ㅆ' => 'ㅅ', 'ㅒ' => 'ㅐ', 'ㅖ' => 'ㅔ',
        _ => jamo,
    };

    private static (int Row, int Column) Position(char key)
    {
        for (var r = 0; r < s_rows.Length; r++)
        {
            var c = s_rows[r].IndexOf(key, StringComparison.Ordinal);
            if (c >= 0)
            {
                return (r, c);
            }
        }

        return (-1, -1);
    }
}
