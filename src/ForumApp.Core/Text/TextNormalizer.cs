using System.Globalization;
using System.Text;

namespace ForumApp.Core.Text;

/// <summary>
/// Builds comparison keys for text. The original text is always kept for display; keys are only compared.
/// </summary>
public static class TextNormalizer
{
    /// <summary>
    /// Unicode NFC, without the invisible characters that scraping and copy-paste add
    /// (zero-width spaces and joiners, soft hyphens, BOM), and with line endings as LF.
    /// This is the form in which user text is stored.
    /// </summary>
    public static string ToStoredForm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nfc = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        return nfc.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    /// <summary>
    /// The key two texts are compared by: NFC, full-width ASCII folded, invisible characters removed,
    /// whitespace and punctuation runs folded to one space, Latin case folded.
    /// </summary>
    public static string ToComparisonKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nfc = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        foreach (var raw in nfc)
        {
            var c = raw;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                c = (char)(c - 0xFEE0); // full-width ASCII to ASCII
            }
            else if (c == '\u3000')
            {
                c = ' ';
            }

            if (IsInvisible(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>True for characters that render as nothing: zero-width spaces and joiners, soft hyphen, BOM.</summary>
    public static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u00AD' or '\uFEFF' or '\u180E'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
