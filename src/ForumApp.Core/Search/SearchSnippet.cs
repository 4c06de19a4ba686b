using System.Globalization;
using System.Net;
using System.Text;

namespace ForumApp.Core.Search;

/// <summary>
/// The excerpt of a result: about <see cref="DefaultLength"/> characters of its plain text around the first match, as
/// safe HTML: every character encoded, and only <c>&lt;mark&gt;</c> elements added around what the query matched.
/// Matches are found on the normalized text (the same normalization as the index), then mapped back to the original
/// characters, so NFD, full-width or zero-width characters in the text are highlighted whole.
/// </summary>
public static class SearchSnippet
{
    /// <summary>The usual length of an excerpt, in characters of the original text.</summary>
    public const int DefaultLength = 160;

    /// <summary>The excerpt of <paramref name="plainText"/> for <paramref name="query"/>, as safe HTML.</summary>
    public static string Build(string plainText, SearchQuery query, int length = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(plainText);
        ArgumentNullException.ThrowIfNull(query);
        var text = CollapseWhitespace(plainText);
        var marks = Matches(text, query);
        var start = marks.Count == 0 ? 0 : Math.Max(0, marks[0].Start - (length / 3));
        start = SnapToElement(text, start);
        var end = SnapToElement(text, Math.Min(text.Length, start + length));
        if (marks.Count > 0 && end < marks[0].End)
        {
            end = marks[0].End;
        }

        var html = new StringBuilder();
        if (start > 0)
        {
            html.Append('…');
        }

        var at = start;
        foreach (var (markStart, markEnd) in marks.Where(m => m.Start >= start && m.End <= end))
        {
            html.Append(WebUtility.HtmlEncode(text[at..markStart]))
                .Append("<mark>").Append(WebUtility.HtmlEncode(text[markStart..markEnd])).Append("</mark>");
            at = markEnd;
        }

        html.Append(WebUtility.HtmlEncode(text[at..end]));
        if (end < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }

    /// <summary>The ranges of <paramref name="text"/> (original character offsets) that <paramref name="query"/> matches, merged and in order.</summary>
    public static IReadOnlyList<(int Start, int End)> Matches(string text, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        var normalized = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var from = elements.ElementIndex;
            foreach (var c in SearchText.Normalize(element))
            {
                normalized.Append(c);
                starts.Add(from);
                ends.Add(from + element.Length);
            }
        }

        var norm = normalized.ToString();
        var ranges = new List<(int Start, int End)>();
        foreach (var term in query.Terms)
        {
            for (var i = norm.IndexOf(term.Value, StringComparison.Ordinal); i >= 0; i = norm.IndexOf(term.Value, i + 1, StringComparison.Ordinal))
            {
                var startsWord = i == 0 || SearchText.KindOf(norm[i - 1]) != term.Kind;
                if (startsWord || (term.Kind == SearchRunKind.Syllables && term.Value.Length > 1))
                {
                    ranges.Add((starts[i], ends[i + term.Value.Length - 1]));
                }
            }
        }

        ranges.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // Never cut a surrogate pair or a decomposed syllable in half.
    private static int SnapToElement(string text, int index)
    {
        while (index > 0 && index < text.Length && (char.IsLowSurrogate(text[index]) || IsCombining(text[index])))
        {
            index--;
        }

        return index;
    }

    private static bool IsCombining(char c) =>
        c is (>= '\u1160' and <= '\u11FF') || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format;
}
