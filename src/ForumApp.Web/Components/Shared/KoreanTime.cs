using System.Globalization;
using ForumApp.Web.Localization;

namespace ForumApp.Web.Components.Shared;

/// <summary>
/// Dates in Korea's time zone (the forum's), written as a reader of the page's language writes them: Korean by default,
/// English when the page is in English (docs/localization.md).
/// </summary>
public static class KoreanTime
{
    private static readonly TimeZoneInfo s_seoul = FindSeoul();

    /// <summary>"2022년 12월 6일" ("December 6, 2022" in English).</summary>
    public static string Date(DateTime utc) => Format(utc, ForumCultures.DateFormats.Date);

    /// <summary>"2022년 12월 6일 오전 9:00" ("December 6, 2022, 9:00 AM" in English).</summary>
    public static string DateTime(DateTime utc) => Format(utc, ForumCultures.DateFormats.DateTime);

    /// <summary>"오후 3:04:05" ("3:04:05 PM" in English), a time of today.</summary>
    public static string Time(DateTime utc) => Format(utc, ForumCultures.DateFormats.Time);

    private static string Format(DateTime utc, string pattern) => ToSeoul(utc).ToString(pattern, ForumCultures.DateFormats.Culture);

    /// <summary>ISO 8601 for the datetime attribute of &lt;time&gt;.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static System.DateTime ToSeoul(System.DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), s_seoul);

    private static TimeZoneInfo FindSeoul()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        }
        catch (TimeZoneNotFoundException)
        {
            // Korea has kept UTC+9 without daylight saving since 1988.
            return TimeZoneInfo.CreateCustomTimeZone("KST", TimeSpan.FromHours(9), "KST", "KST");
        }
    }
}
