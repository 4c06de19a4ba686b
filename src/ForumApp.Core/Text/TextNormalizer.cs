using System.Globalization;
using System.Runtime.CompilerServices;
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
    /// The key two texts are compared by: NFC (decomposed Hangul jamo composed into syllables), full-width ASCII
    /// folded, invisible characters (zero-width spaces and joiners, soft hyphen, BOM, variation selectors) removed,
    /// runs of whitespace, punctuation and symbols (emoji included) folded to one space and trimmed, Latin case folded.
    /// A punctuation mark or symbol between two digits is kept (full-width folded to ASCII): "1.000,00", "1 000,00" and
    /// "1,000.00" are different numbers, and "3:2" is not "3/2".
    /// </summary>
    public static string ToComparisonKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[]? rented = null;
        var buffer = text.Length <= 512 ? stackalloc char[text.Length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var length = TryFold(text, buffer);
            if (length >= 0)
            {
                return new string(buffer[..length]);
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }

        var nfc = text.Normalize(NormalizationForm.FormC);
        var slow = new char[nfc.Length];
        return new string(slow, 0, Fold(nfc, slow));
    }

    /// <summary>True when two texts say the same after normalization (their comparison keys are equal).</summary>
    public static bool SameText(string a, string b) =>
        string.Equals(ToComparisonKey(a), ToComparisonKey(b), StringComparison.Ordinal);

    /// <summary>True for characters that render as nothing: zero-width spaces and joiners, soft hyphen, BOM.</summary>
    public static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u00AD' or '\uFEFF' or '\u180E'
        || (c >= '\uFE00' && c <= '\uFE0F')
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// Writes the comparison key of <paramref name="text"/> into <paramref name="destination"/> (at least as long as the
    /// text) without allocating. Returns the key length, or -1 when the text holds characters that NFC may change
    /// (combining marks, conjoining jamo, rare scripts): the caller then normalizes to NFC first and calls
    /// <see cref="Fold"/>.
    /// </summary>
    internal static int TryFold(ReadOnlySpan<char> text, Span<char> destination) => FoldCore(text, destination, true);

    /// <summary>Folds text that is already NFC; never returns -1.</summary>
    internal static int Fold(ReadOnlySpan<char> nfcText, Span<char> destination) => FoldCore(nfcText, destination, false);

    private static int FoldCore(ReadOnlySpan<char> text, Span<char> destination, bool requireNfcSafe)
    {
        var length = 0;
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                // ASCII: letters and digits are kept (letters lower-cased), everything else separates words.
                if ((uint)(c - 'a') < 26 || (uint)(c - '0') < 10)
                {
                    Emit(destination, ref length, ref pendingSpace, c);
                }
                else if ((uint)(c - 'A') < 26)
                {
                    Emit(destination, ref length, ref pendingSpace, (char)(c + 32));
                }
                else if (c > ' ' && c != '\x7F' && BetweenDigits(text, i, destination, length, pendingSpace))
                {
                    destination[length++] = c;
                }
                else
                {
                    pendingSpace = length > 0;
                }

                continue;
            }

            if (c >= '\uAC00' && c <= '\uD7A3')
            {
                // Precomposed Hangul syllables: the common case, NFC already.
                Emit(destination, ref length, ref pendingSpace, c);
                continue;
            }

            if (c >= '\uFF01' && c <= '\uFF5E')
            {
                var ascii = (char)(c - 0xFEE0); // full-width ASCII to ASCII
                if ((uint)(ascii - 'a') < 26 || (uint)(ascii - '0') < 10)
                {
                    Emit(destination, ref length, ref pendingSpace, ascii);
                }
                else if ((uint)(ascii - 'A') < 26)
                {
                    Emit(destination, ref length, ref pendingSpace, (char)(ascii + 32));
                }
                else if (BetweenDigits(text, i, destination, length, pendingSpace))
                {
                    destination[length++] = ascii;
                }
                else
                {
                    pendingSpace = length > 0;
                }

                continue;
            }

            if (char.IsHighSurrogate(c))
            {
                // Emoji and pictographs (U+1F000..U+1FBFF) are symbols with no canonical decomposition.
                if (c >= '\uD83C' && c <= '\uD83E' && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    pendingSpace = length > 0;
                    continue;
                }

                if (requireNfcSafe)
                {
                    return -1;
                }

                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1]));
                    if (IsSeparatorCategory(category))
                    {
                        pendingSpace = length > 0;
                    }
                    else if (category != UnicodeCategory.Format)
                    {
                        Emit(destination, ref length, ref pendingSpace, c);
                        destination[length++] = text[i + 1];
                    }

                    i++;
                    continue;
                }

                pendingSpace = length > 0; // lone surrogate: treat as a separator
                continue;
            }

            if (requireNfcSafe && !IsNfcStable(c))
            {
                return -1;
            }

            if (c == '\u3000')
            {
                pendingSpace = length > 0;
                continue;
            }

            if (IsInvisible(c))
            {
                continue;
            }

            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (IsSeparatorCategory(cat) || char.IsWhiteSpace(c))
            {
                if (!char.IsWhiteSpace(c) && cat != UnicodeCategory.Control && BetweenDigits(text, i, destination, length, pendingSpace))
                {
                    destination[length++] = c;
                    continue;
                }

                pendingSpace = length > 0;
                continue;
            }

            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
                && length == 0)
            {
                continue; // a combining mark with nothing to combine with
            }

            Emit(destination, ref length, ref pendingSpace, char.ToLowerInvariant(c));
        }

        return length;
    }

    // A mark between two digits is part of a number ("1.000,00", "3:2", "010-1234"): the key keeps it.
    private static bool BetweenDigits(ReadOnlySpan<char> text, int i, Span<char> destination, int length, bool pendingSpace) =>
        !pendingSpace && length > 0 && char.IsDigit(destination[length - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Emit(Span<char> destination, ref int length, ref bool pendingSpace, char c)
    {
        if (pendingSpace)
        {
            destination[length++] = ' ';
            pendingSpace = false;
        }

        destination[length++] = c;
    }

    private static bool IsSeparatorCategory(UnicodeCategory category) => category is
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Control
        or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
        or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
        or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
        or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
        or UnicodeCategory.OtherSymbol;

    /// <summary>
    /// Characters that NFC leaves alone whatever surrounds them, in the ranges comments mostly use. Anything else
    /// (combining marks, conjoining jamo U+1100..U+11FF, compatibility ideographs...) sends the text to the NFC path.
    /// </summary>
    private static bool IsNfcStable(char c) =>
        c < '\u0300'
        || (c >= '\u0370' && c < '\u0483' && c is not ('\u0374' or '\u037E' or '\u0387')) // Greek, Cyrillic
        || (c >= '\u2000' && c <= '\u206F') // general punctuation (U+2000/2001 map to spaces: both separate words anyway)
        || (c >= '\u2100' && c <= '\u2BFF' && c is not ('\u2126' or '\u212A' or '\u212B' or '\u2329' or '\u232A' or '\u2ADC'))
        || (c >= '\u3000' && c <= '\u3029')
        || (c >= '\u3030' && c <= '\u303F')
        || (c >= '\u3131' && c <= '\u318E') // Hangul compatibility jamo (ㅋㅋ, ㅠㅠ): NFC keeps them
        || (c >= '\u4E00' && c <= '\u9FFF')
        || (c >= '\uFE00' && c <= '\uFE0F')
        || c == '\uFEFF'
        || (c >= '\uFF00' && c <= '\uFFEF');
}
