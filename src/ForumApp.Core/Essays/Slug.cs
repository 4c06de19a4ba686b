using System.Text;
using ForumApp.Core.Text;

namespace ForumApp.Core.Essays;

/// <summary>Makes readable URL segments. Hangul stays Hangul: Korean readers and search engines prefer it.</summary>
public static class Slug
{
    /// <summary>Letters and digits of any script, lower-cased, joined by hyphens, at most <paramref name="maxLength"/> characters.</summary>
    public static string From(string title, int maxLength = 60)
    {
        ArgumentNullException.ThrowIfNull(title);
        var sb = new StringBuilder();
        foreach (var c in TextNormalizer.ToStoredForm(title))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }

            if (sb.Length >= maxLength)
            {
                break;
            }
        }

        var slug = sb.ToString().Trim('-');
        // A slug must not read as one of the essay's own pages (/essays/1/edit, /essays/1/history).
        return slug.Length == 0 ? "essay" : Reserved.Contains(slug) ? slug + "-essay" : slug;
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "edit", "history", "revisions", "comments" };
}

/// <summary>The one address of an essay page; every link to an essay is built here.</summary>
public static class EssayLinks
{
    /// <summary>"/essays/1/slug", with the slug escaped (Hangul slugs are percent-encoded).</summary>
    public static string Path(int essayId, string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return $"/essays/{essayId}/{Uri.EscapeDataString(slug)}";
    }
}
