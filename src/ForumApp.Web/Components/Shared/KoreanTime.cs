using System.Globalization;

namespace ForumApp.Web.Components.Shared;

/// <summary>
/// Dates in Korea's time zone (the forum's), written as a reader of the page's language writes them: Korean by default,
/// English when the page is in English (docs/localization.md).
/// </summary>
public static class KoreanTime
{
    private static readonly CultureInfo s_korean = CultureInfo.GetCultureInfo("ko-KR");
    private static readonly CultureInfo s_english = CultureInfo.GetCultureInfo("en-US");
    private static readonly TimeZoneInfo s_seoul = FindSeoul();

    private static bool English => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "en";

    /// <summary>"2022년 12월 6일" ("December 6, 2022" in English).</summary>
    public static string Date(DateTime utc) => English
        ? ToSeoul(utc).ToString("MMMM d, yyyy", s_english)
        : ToSeoul(utc).ToString("yyyy년 M월 d일", s_korean);

    /// <summary>"2022년 12월 6일 오전 9:00" ("December 6, 2022, 9:00 AM" in English).</summary>
    public static string DateTime(DateTime utc) => English
        ? ToSeoul(utc).ToString("MMMM d, yyyy, h:mm tt", s_english)
        : ToSeoul(utc).ToString("yyyy년 M월 d일 tt h:mm", s_korean);

    /// <summary>"오후 3:04:05" ("3:04:05 PM" in English), a time of today.</summary>
    public static string Time(DateTime utc) => English
        ? ToSeoul(utc).ToString("h:mm:ss tt", s_english)
        : ToSeoul(utc).ToString("tt h:mm:ss", s_korean);

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
