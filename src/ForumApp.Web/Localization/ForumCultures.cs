using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ForumApp.Web.Components.Pages.Account;
using Microsoft.AspNetCore.Localization;

namespace ForumApp.Web.Localization;

/// <summary>
/// The cultures of the UI: Korean (the default) and English. A reader gets English when the culture cookie says so
/// (set by <c>/culture</c>, the header's switch) or, without the cookie, when their browser's Accept-Language prefers
/// English over Korean. Content (essays, comments, names) is never translated. See docs/localization.md.
/// </summary>
public static class ForumCultures
{
    /// <summary>The default culture's name.</summary>
    public const string Korean = "ko";

    /// <summary>The other culture's name.</summary>
    public const string English = "en";

    /// <summary>The switch's address: <c>/culture?c=en&amp;returnUrl=/essays/1</c>.</summary>
    public const string SwitchPath = "/culture";

    /// <summary>Every supported culture, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Korean, English];

    /// <summary>The current UI culture's language, "ko" or "en": the value of &lt;html lang&gt;.</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English ? English : Korean;

    /// <summary>True when the page is shown in English.</summary>
    public static bool IsEnglish => Current == English;

    /// <summary>How the current language writes dates (Korea's time zone either way): patterns and their culture.</summary>
    public static DatePatterns DateFormats => IsEnglish ? s_englishDates : s_koreanDates;

    private static readonly DatePatterns s_koreanDates =
        new(CultureInfo.GetCultureInfo("ko-KR"), "yyyy년 M월 d일", "yyyy년 M월 d일 tt h:mm", "tt h:mm:ss");

    private static readonly DatePatterns s_englishDates =
        new(CultureInfo.GetCultureInfo("en-US"), "MMMM d, yyyy", "MMMM d, yyyy, h:mm tt", "h:mm:ss tt");

    /// <summary>A language's own name, written in that language (the switch's label).</summary>
    public static string NativeName(string culture) => culture == English ? "English" : "한국어";

    /// <summary>The switch's link to <paramref name="culture"/> that comes back to <paramref name="returnUrl"/>.</summary>
    public static string SwitchLink(string culture, string returnUrl) =>
        $"{SwitchPath}?c={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString(AccountLinks.SafeReturnUrl(returnUrl))}";

    /// <summary>Date patterns of one language.</summary>
    /// <param name="Culture">The culture that writes month names and AM/PM.</param>
    /// <param name="Date">A day.</param>
    /// <param name="DateTime">A day and a time.</param>
    /// <param name="Time">A time of today.</param>
    public sealed record DatePatterns(CultureInfo Culture, string Date, string DateTime, string Time);

    /// <summary>Korean by default; the culture cookie, then Accept-Language (no query string: one address, one page).</summary>
    public static IServiceCollection AddForumLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Text written by components (every @L["…"], titles, names) leaves Korean, the punctuation and arrows the UI uses
        // as UTF-8 instead of a character reference per syllable, as literal markup always was (Blazor takes the
        // HtmlEncoder from DI; the five HTML-significant characters are still encoded).
        services.AddSingleton(HtmlEncoder.Create(
            UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.GeneralPunctuation, UnicodeRanges.Arrows,
            UnicodeRanges.CjkSymbolsandPunctuation, UnicodeRanges.HangulJamo, UnicodeRanges.HangulCompatibilityJamo,
            UnicodeRanges.HangulSyllables, UnicodeRanges.CjkUnifiedIdeographs, UnicodeRanges.HalfwidthandFullwidthForms));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Names.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(Korean);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });
        return services;
    }

    /// <summary>
    /// <c>GET /culture?c=en&amp;returnUrl=/essays/1</c>: keeps the choice in the standard culture cookie for a year and
    /// goes back to the (local) page. A plain link, so it works without JavaScript.
    /// </summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SwitchPath, (HttpContext http, string? c, string? returnUrl) =>
        {
            var culture = Names.Contains(c ?? "") ? c! : Korean;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    IsEssential = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    Path = "/",
                });
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Redirect(AccountLinks.SafeReturnUrl(returnUrl)); // the one return-address rule (docs/security.md)
        }).ExcludeFromDescription();
        return endpoints;
    }
}
