namespace ForumApp.Dedup.Evaluation;

/// <summary>Hangul syllable arithmetic and the bits of Korean morphology the generator needs (particles, endings).</summary>
public static class Hangul
{
    private const int SyllableBase = 0xAC00;

    // Compatibility jamo of the 19 initial consonants, 21 vowels and 27 final consonants (index 0 of finals: none).
    internal const string Initials = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
    internal const string Vowels = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
    internal const string Finals = "\0ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";

    /// <summary>True for a precomposed Hangul syllable (가–힣).</summary>
    public static bool IsSyllable(char c) => c is >= '\uAC00' and <= '\uD7A3';

    /// <summary>Splits a syllable into (initial, vowel, final) indexes; final 0 means none.</summary>
    public static (int Initial, int Vowel, int Final) Split(char syllable)
    {
        var s = syllable - SyllableBase;
        return (s / 588, s % 588 / 28, s % 28);
    }

    /// <summary>The syllable made of the given jamo indexes.</summary>
    public static char Join(int initial, int vowel, int final) => (char)(SyllableBase + (initial * 588) + (vowel * 28) + final);

    /// <summary>True when the last character is a syllable with a final consonant (받침).</summary>
    public static bool HasFinal(string word) => word.Length > 0 && IsSyllable(word[^1]) && Split(word[^1]).Final != 0;

    private static bool EndsInRieul(string word) => word.Length > 0 && IsSyllable(word[^1]) && Split(word[^1]).Final == 8;

    /// <summary>Replaces the final consonant of the last syllable (<paramref name="final"/> is a compatibility jamo, or '\0').</summary>
    public static string WithFinal(string word, char final)
    {
        var (i, v, _) = Split(word[^1]);
        return word[..^1] + Join(i, v, Finals.IndexOf(final, StringComparison.Ordinal));
    }

    /// <summary>The particle form that fits the word: 은/는, 이/가, 을/를, 과/와, 으로/로 (로 after ㄹ).</summary>
    public static string Particle(string word, string withFinal, string withoutFinal)
    {
        if (withFinal == "으로")
        {
            return HasFinal(word) && !EndsInRieul(word) ? "으로" : "로";
        }

        return HasFinal(word) ? withFinal : withoutFinal;
    }

    /// <summary>A stem ending in ㄹ loses it before ㄴ, ㅂ, ㅅ (만들 + 네요 = 만드네요).</summary>
    public static string DropRieul(string stem) => EndsInRieul(stem) ? WithFinal(stem, '\0') : stem;

    /// <summary>Formal polite present: 먹습니다, 갑니다, 만듭니다.</summary>
    public static string Formal(string stem) =>
        HasFinal(stem) && !EndsInRieul(stem) ? stem + "습니다" : WithFinal(DropRieul(stem), 'ㅂ') + "니다";

    /// <summary>Past stem from the 아/어 form: 먹어 → 먹었, 가 → 갔, 해 → 했.</summary>
    public static string Past(string eo) => WithFinal(eo, 'ㅆ');

    /// <summary>Present modifier of a verb: 먹는, 만드는.</summary>
    public static string VerbModifier(string stem) => DropRieul(stem) + "는";
}
