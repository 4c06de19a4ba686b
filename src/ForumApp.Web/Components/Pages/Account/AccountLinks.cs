using System.Globalization;
using System.Text;

namespace ForumApp.Web.Components.Pages.Account;

/// <summary>Where the account pages send people back to.</summary>
public static class AccountLinks
{
    /// <summary>The longest return address kept; longer ones fall back to "/".</summary>
    public const int MaxReturnUrlLength = 2048;

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path on this site, else "/": a login or logout must never send someone
    /// to another site (open redirect), and must never fail on an address it does not like. Accepted: a path that
    /// starts with one "/" (not "//" nor "/\"), with no backslash, no control, whitespace or invisible character
    /// anywhere (tab, CR, LF, VT, FF, U+3000 and U+00A0 included: browsers strip or fold some of them, which turns
    /// "/\t/evil.example" into "//evil.example"). Non-ASCII characters (a Korean slug) are percent-encoded as UTF-8, so
    /// the result is always a valid ASCII <c>Location</c> header.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > MaxReturnUrlLength || returnUrl[0] != '/'
            || (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\'))
        {
            return "/";
        }

        StringBuilder? encoded = null;
        for (var i = 0; i < returnUrl.Length; i++)
        {
            var c = returnUrl[i];
            if (c is '\\' || char.IsControl(c) || char.IsWhiteSpace(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return "/";
            }

            if (c < 0x80)
            {
                encoded?.Append(c);
                continue;
            }

            if (char.IsSurrogate(c) && !char.IsSurrogatePair(returnUrl, i))
            {
                return "/";
            }

            encoded ??= new StringBuilder(returnUrl, 0, i, returnUrl.Length * 3);
            var length = char.IsSurrogatePair(returnUrl, i) ? 2 : 1;
            foreach (var b in Encoding.UTF8.GetBytes(returnUrl, i, length))
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        return encoded?.ToString() ?? returnUrl;
    }

    /// <summary>The login page, coming back to <paramref name="returnUrl"/>.</summary>
    public static string Login(string returnUrl) => "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl);
}
