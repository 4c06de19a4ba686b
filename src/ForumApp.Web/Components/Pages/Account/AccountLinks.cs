namespace ForumApp.Web.Components.Pages.Account;

/// <summary>Where the account pages send people back to.</summary>
public static class AccountLinks
{
    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path on this site, else "/": a login link must never send someone
    /// to another site (open redirect).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? "/"
            : returnUrl;

    /// <summary>The login page, coming back to <paramref name="returnUrl"/>.</summary>
    public static string Login(string returnUrl) => "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl);
}
