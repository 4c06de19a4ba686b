using System.Globalization;
using System.Text;

namespace ForumApp.Core.Search;

/// <summary>
/// The one tokenizer of search, used for stored text and for queries alike (docs/search.md). Text is normalized for
/// matching (format characters such as zero-width spaces removed, then NFKC: composed Hangul from NFD jamo, full-width
/// letters and digits folded to their usual width; then lower case), then cut into runs of one script:
/// <list type="bullet">
/// <item>Hangul (and other CJK scripts written without spaces between morphemes) becomes overlapping character
/// bigrams, preceded by the run's first syllable: 민주화는 → 민 민주 주화 화는. A query word is the phrase of its bigrams,
/// so 민주화 finds 민주화는 and 격차 finds 격차가; a one-syllable query finds the words that start with it.</item>
/// <item>Any other letters and digits make lower-cased words (at most <see cref="MaxWordLength"/> characters), matched
/// as prefixes by queries.</item>
/// </list>
/// The stored form is the tokens joined by single spaces: SQLite's FTS5 (unicode61) and PostgreSQL's 'simple'
/// text search configuration both split it back into the same tokens at the same positions.
/// </summary>
public static class SearchText
{
    /// <summary>Longer words are cut to this many characters (in text and queries alike).</summary>
    public const int MaxWordLength = 60;

    /// <summary>
    /// Normalizes <paramref name="text"/> for matching: format characters (zero-width spaces and joiners, soft hyphens,
    /// byte order marks) removed, NFKC, lower case (invariant).
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stripped = StripFormatCharacters(text);
        return stripped.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
    }

    /// <summary>The runs of one script in <paramref name="text"/> (normalized first), in order.</summary>
    public static IReadOnlyList<SearchRun> Runs(string text)
    {
        var normalized = Normalize(text);
        var runs = new List<SearchRun>();
        var current = new StringBuilder();
        var kind = SearchRunKind.Word;
        foreach (var c in normalized)
        {
            var charKind = KindOf(c);
            if (charKind is null || (current.Length > 0 && charKind != kind))
            {
                Flush();
            }

            if (charKind is { } k)
            {
                kind = k;
                current.Append(c);
            }
        }

        Flush();
        return runs;

        void Flush()
        {
            if (current.Length > 0)
            {
                var value = current.ToString();
                runs.Add(new SearchRun(kind, kind == SearchRunKind.Word && value.Length > MaxWordLength ? value[..MaxWordLength] : value));
                current.Clear();
            }
        }
    }

    /// <summary>The tokens of <paramref name="run"/> as they are stored for a text.</summary>
    public static IEnumerable<string> TokensOf(SearchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Kind == SearchRunKind.Word)
        {
            yield return run.Value;
            yield break;
        }

        yield return run.Value[..1];
        for (var i = 0; i + 1 < run.Value.Length; i++)
        {
            yield return run.Value.Substring(i, 2);
        }
    }

    /// <summary>The stored form of <paramref name="text"/>: its tokens joined by spaces.</summary>
    public static string ToIndexText(string text) => string.Join(' ', Runs(text).SelectMany(TokensOf));

    /// <summary>The script class of a normalized character; null for a separator (space, punctuation, symbol).</summary>
    public static SearchRunKind? KindOf(char c)
    {
        if (IsSyllabic(c))
        {
            return SearchRunKind.Syllables;
        }

        // Letters and digits only: combining marks and symbols would be split differently by the two databases.
        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => SearchRunKind.Word,
            _ => null,
        };
    }

    /// <summary>
    /// True for scripts written without spaces between morphemes, indexed as bigrams: Hangul syllables and jamo,
    /// CJK ideographs, kana.
    /// </summary>
    public static bool IsSyllabic(char c) =>
        c is (>= '\uAC00' and <= '\uD7A3') or (>= '\u1100' and <= '\u11FF') or (>= '\u3130' and <= '\u318F')
            or (>= '\uA960' and <= '\uA97F') or (>= '\uD7B0' and <= '\uD7FF') or (>= '\u3040' and <= '\u30FF')
            or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>True for characters that matching ignores: format characters (Cf) such as U+200B and U+FEFF.</summary>
    public static bool IsIgnorable(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static string StripFormatCharacters(string text)
    {
        if (!text.Any(IsIgnorable))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Where(c => !IsIgnorable(c)))
        {
            builder.Append(c);
        }

        return builder.ToString();
    }
}

/// <summary>The kind of a run of normalized text.</summary>
public enum SearchRunKind
{
    /// <summary>Letters and digits of space-separated scripts (Latin and others): one token, matched as a prefix.</summary>
    Word,

    /// <summary>Hangul or another syllabic script: bigrams.</summary>
    Syllables,
}

/// <summary>A run of normalized text of one kind.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Value">Its normalized characters.</param>
public sealed record SearchRun(SearchRunKind Kind, string Value);
