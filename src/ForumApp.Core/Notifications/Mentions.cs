using System.Globalization;
using System.Text;
using ForumApp.Core.Text;

namespace ForumApp.Core.Notifications;

/// <summary>
/// Finds <c>@이름</c> mentions in a comment's text. A mention is <c>@</c> at the start of the text or after a character
/// that is not a letter, digit, <c>_</c>, <c>.</c> or <c>-</c> (so an e-mail address is not one), followed by a run of
/// letters, digits, marks, <c>_</c>, <c>.</c> and <c>-</c>; a trailing <c>.</c> or <c>-</c> is dropped. Text in code
/// (backticks) counts like the rest. The text is put in NFC first, so NFD Hangul and full-width letters match.
/// A run names a person when it equals their user name (Latin case ignored) or their display name (NFC, Latin
/// case ignored); when the whole run names nobody, its prefixes of two or more characters are tried, longest first,
/// so Korean particles after a name still find it (<c>@민수님</c>, <c>@민수에게</c>).
/// </summary>
public static class Mentions
{
    /// <summary>The most mentions one comment can make (the rest are ignored).</summary>
    public const int MaxPerComment = 10;

    /// <summary>The runs after every <c>@</c> (NFC, in order, each once, at most <see cref="MaxPerComment"/>).</summary>
    public static IReadOnlyList<string> Candidates(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var s = TextNormalizer.ToStoredForm(text).Normalize(NormalizationForm.FormKC);
        var found = new List<string>();
        for (var i = 0; i < s.Length && found.Count < MaxPerComment; i++)
        {
            if (s[i] != '@' || (i > 0 && IsNameChar(s[i - 1])))
            {
                continue;
            }

            var end = i + 1;
            while (end < s.Length && IsNameChar(s[end]))
            {
                end++;
            }

            var run = s[(i + 1)..end].TrimEnd('.', '-');
            if (run.Length > 0 && !found.Contains(run, StringComparer.Ordinal))
            {
                found.Add(run);
            }

            i = end - 1;
        }

        return found;
    }

    /// <summary>
    /// The people a text mentions: for each run, the first of <paramref name="resolve"/>'s answers for the whole run,
    /// then for its prefixes of two or more characters, longest first.
    /// </summary>
    /// <param name="text">The comment's Markdown.</param>
    /// <param name="resolve">Answers the key of the person a name belongs to, or null (compare with <see cref="Key"/>).</param>
    public static IReadOnlyList<T> Resolve<T>(string? text, Func<string, T?> resolve)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var people = new List<T>();
        foreach (var run in Candidates(text))
        {
            var elements = StringInfo.ParseCombiningCharacters(run);
            for (var n = elements.Length; n >= Math.Min(2, elements.Length); n--)
            {
                var name = n == elements.Length ? run : run[..elements[n]];
                if (resolve(Key(name)) is { } person)
                {
                    if (!people.Contains(person))
                    {
                        people.Add(person);
                    }

                    break;
                }
            }
        }

        return people;
    }

    /// <summary>Every key <see cref="Resolve"/> may ask about for <paramref name="text"/> (to look them up in one query).</summary>
    public static IReadOnlyList<string> Keys(string? text)
    {
        var keys = new List<string>();
        Resolve<string>(text, key =>
        {
            keys.Add(key);
            return null;
        });
        return keys;
    }

    /// <summary>The form names are compared in: NFKC, Latin letters in upper case (as Identity's normalized user names).</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TextNormalizer.ToStoredForm(name).Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant();
    }

    private static bool IsNameChar(char c) =>
        char.IsLetterOrDigit(c) || c is '_' or '.' or '-' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
