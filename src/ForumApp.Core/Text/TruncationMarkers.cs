namespace ForumApp.Core.Text;

/// <summary>
/// Recognises truncated previews: a text cut short and ended with "...", "…", "더 보기", "See more" and the like,
/// as feeds and scrapers produce them.
/// </summary>
public static class TruncationMarkers
{
    private static readonly string[] _wordMarkers =
    [
        "더 보기", "더보기", "더 읽기", "더읽기", "전체 보기", "전체보기", "계속 읽기", "계속읽기", "펼쳐 보기", "펼쳐보기",
        "펼치기", "원문 보기", "원문보기", "see more", "read more", "show more", "view more", "continue reading",
        "...more", "... more", "…more", "… more",
    ];

    private static readonly string[] _markers = BuildMarkers();

    // Markers grouped by their last character (lower case): a text is compared only with the markers that can end
    // it, instead of all ~230 of them (that scan cost ~10 us per text, more than the rest of the features).
    private static readonly Dictionary<char, string[]> _markersByLastChar = _markers
        .GroupBy(m => char.ToLowerInvariant(m[^1]))
        .ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>
    /// Finds the body of a truncated preview: the text before its trailing marker(s).
    /// Returns false when <paramref name="text"/> does not end with a truncation marker.
    /// </summary>
    /// <param name="text">The original text.</param>
    /// <param name="bodyLength">Length of the preview body in <paramref name="text"/>, trailing spaces trimmed, and a
    /// syllable's first jamo left alone by a cut through decomposed text dropped.</param>
    public static bool TryGetPreviewBody(ReadOnlySpan<char> text, out int bodyLength)
    {
        var end = TrimEnd(text, text.Length);
        var found = false;
        var matched = true;
        while (matched && end > 0)
        {
            matched = false;
            var run = DotRunStart(text, end);
            if (run < end)
            {
                // Dots of any width, mixed ("..．", ". . ." is not one): full-width punctuation noise on a "...".
                end = TrimEnd(text, run);
                found = matched = true;
                continue;
            }

            if (!_markersByLastChar.TryGetValue(char.ToLowerInvariant(text[end - 1]), out var candidates))
            {
                break;
            }

            foreach (var marker in candidates)
            {
                if (end >= marker.Length && text[(end - marker.Length)..end].Equals(marker, StringComparison.OrdinalIgnoreCase))
                {
                    end = TrimEnd(text, end - marker.Length);
                    found = matched = true;
                    break;
                }
            }
        }

        // A preview cut from decomposed (NFD) text may end inside a syllable, on its first jamo alone (솔직했어요. ᄋ…):
        // that jamo is not a letter of the text, only a cut one.
        while (found && end > 0 && IsLeadingJamo(text[end - 1]))
        {
            end = TrimEnd(text, end - 1);
        }

        bodyLength = found ? end : text.Length;
        return found && end > 0;
    }

    /// <summary>Where a trailing run of two dots or more ends the text (…, ‥ and ⋯ count as several), or <paramref name="end"/>.</summary>
    private static int DotRunStart(ReadOnlySpan<char> text, int end)
    {
        var start = end;
        var dots = 0;
        while (start > 0 && DotWidth(text[start - 1]) is var width and > 0)
        {
            dots += width;
            start--;
        }

        return dots >= 2 ? start : end;
    }

    private static int DotWidth(char c) => c switch
    {
        '.' or '．' or '。' or '｡' => 1,
        '‥' => 2,
        '…' or '⋯' => 3,
        _ => 0,
    };

    private static bool IsLeadingJamo(char c) => c is (>= '\u1100' and <= '\u115F') or (>= '\uA960' and <= '\uA97F');

    private static int TrimEnd(ReadOnlySpan<char> text, int end)
    {
        while (end > 0 && (char.IsWhiteSpace(text[end - 1]) || TextNormalizer.IsInvisible(text[end - 1])))
        {
            end--;
        }

        return end;
    }

    private static string[] BuildMarkers()
    {
        var list = new List<string> { "...", "…", "‥", "⋯", "。。。", "．．．", "..", "(...)", "[...]", "(…)", "[…]" };
        foreach (var word in _wordMarkers)
        {
            list.AddRange([word, $"({word})", $"[{word}]", $"<{word}>", $"{word} >", $"{word}>", $"{word} ▼", $"{word}▼", $"{word} »", $"{word} ›"]);
        }

        // Longest first, so "... more" wins over "...".
        return [.. list.OrderByDescending(m => m.Length)];
    }
}
