namespace ForumApp.Dedup.Evaluation;

/// <summary>The typos people make re-typing a Korean word: a neighbouring key, a doubled or a dropped syllable.</summary>
public static class HangulTypos
{
    // The 두벌식 (KS X 5002) layout: consonants on the left hand, vowels on the right, rows offset like QWERTY.
    private static readonly string[] s_rows = ["ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ"];

    // Shifted keys type the doubled consonant or the other vowel of the same key.
    private static readonly Dictionary<char, char> s_unshifted = new()
    {
        ['ㅃ'] = 'ㅂ', ['ㅉ'] = 'ㅈ', ['ㄸ'] = 'ㄷ', ['ㄲ'] = 'ㄱ', ['ㅆ'] = 'ㅅ', ['ㅒ'] = 'ㅐ', ['ㅖ'] = 'ㅔ',
    };

    // Compound vowels are typed as two keys: a slip hits one of them.
    private static readonly Dictionary<char, string> s_compoundVowels = new()
    {
        ['ㅘ'] = "ㅗㅏ", ['ㅙ'] = "ㅗㅐ", ['ㅚ'] = "ㅗㅣ", ['ㅝ'] = "ㅜㅓ", ['ㅞ'] = "ㅜㅔ", ['ㅟ'] = "ㅜㅣ", ['ㅢ'] = "ㅡㅣ",
    };

    /// <summary>Keys next to <paramref name="jamo"/>'s key on the 두벌식 keyboard (same hand: consonant for consonant, vowel for vowel).</summary>
    public static IReadOnlyList<char> Neighbours(char jamo)
    {
        var key = s_unshifted.GetValueOrDefault(jamo, jamo);
        var result = new List<char>();
        for (var r = 0; r < s_rows.Length; r++)
        {
            var c = s_rows[r].IndexOf(key, StringComparison.Ordinal);
            if (c < 0)
            {
                continue;
            }

            // Same row left and right; the row above at c and c + 1; the row below at c - 1 and c (staggered rows).
            foreach (var (nr, nc) in new[] { (r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c) })
            {
                if (nr >= 0 && nr < s_rows.Length && nc >= 0 && nc < s_rows[nr].Length && IsVowel(s_rows[nr][nc]) == IsVowel(key))
                {
                    result.Add(s_rows[nr][nc]);
                }
            }
        }

        return result;
    }

    private static bool IsVowel(char jamo) => Hangul.Vowels.Contains(jamo, StringComparison.Ordinal);

    /// <summary>One jamo of one syllable of <paramref name="word"/> replaced by a neighbouring key; false when no valid syllable results.</summary>
    public static bool TryNeighbourKey(string word, Random random, out string typo)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(random);
        typo = word;
        var positions = Enumerable.Range(0, word.Length).Where(i => Hangul.IsSyllable(word[i])).ToArray();
        for (var attempt = 0; attempt < 12 && positions.Length > 0; attempt++)
        {
            var at = positions[random.Next(positions.Length)];
            var (initial, vowel, final) = Hangul.Split(word[at]);
            var part = random.Next(final == 0 ? 2 : 3);
            var replaced = part switch
            {
                0 => Swap(Hangul.Initials[initial], random) is var i && Hangul.Initials.IndexOf(i, StringComparison.Ordinal) is var ii and >= 0
                    ? Hangul.Join(ii, vowel, final) : '\0',
                1 => SwapVowel(Hangul.Vowels[vowel], random) is var v && Hangul.Vowels.IndexOf(v, StringComparison.Ordinal) is var vi and >= 0
                    ? Hangul.Join(initial, vi, final) : '\0',
                _ => Swap(Hangul.Finals[final], random) is var f && Hangul.Finals.IndexOf(f, StringComparison.Ordinal) is var fi and > 0
                    ? Hangul.Join(initial, vowel, fi) : '\0',
            };
            if (replaced != '\0' && replaced != word[at])
            {
                typo = word[..at] + replaced + word[(at + 1)..];
                return true;
            }
        }

        return false;
    }

    private static char Swap(char jamo, Random random)
    {
        var neighbours = Neighbours(jamo);
        return neighbours.Count == 0 ? '\0' : neighbours[random.Next(neighbours.Count)];
    }

    private static char SwapVowel(char vowel, Random random)
    {
        if (!s_compoundVowels.TryGetValue(vowel, out var keys))
        {
            return Swap(vowel, random);
        }

        // A compound vowel keeps its shape only when the slipped key still forms one (ㅘ → ㅙ: ㅏ hit as ㅐ).
        var k = random.Next(2);
        var slipped = Swap(keys[k], random);
        var typed = k == 0 ? $"{slipped}{keys[1]}" : $"{keys[0]}{slipped}";
        return s_compoundVowels.FirstOrDefault(p => p.Value == typed).Key;
    }

    /// <summary>One syllable typed twice (생각 → 생생각).</summary>
    public static bool TryDoubleSyllable(string word, Random random, out string typo)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(random);
        var positions = Enumerable.Range(0, word.Length).Where(i => Hangul.IsSyllable(word[i])).ToArray();
        var at = positions.Length == 0 ? -1 : positions[random.Next(positions.Length)];
        typo = at < 0 ? word : word[..(at + 1)] + word[at..];
        return at >= 0;
    }

    /// <summary>One syllable left out (생각합니다 → 생합니다); only in words of two or more syllables.</summary>
    public static bool TryDropSyllable(string word, Random random, out string typo)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(random);
        var positions = Enumerable.Range(0, word.Length).Where(i => Hangul.IsSyllable(word[i])).ToArray();
        var at = positions.Length < 2 ? -1 : positions[random.Next(positions.Length)];
        typo = at < 0 ? word : word.Remove(at, 1);
        return at >= 0;
    }
}
