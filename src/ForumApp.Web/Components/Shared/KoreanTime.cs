using System.Globalization;

namespace ForumApp.Web.Components.Shared;

/// <summary>Dates as a Korean reader writes them, in Korea's time zone.</summary>
public static class KoreanTime
{
    private static readonly CultureInfo s_korean = CultureInfo.GetCultureInfo("ko-KR");
    private static readonly TimeZoneInfo s_seoul = FindSeoul();

    /// <summary>"2022년 12월 6일".</summary>
    public static string Date(DateTime utc) => ToSeoul(utc).ToString("yyyy년 M월 d일", s_korean);

    /// <summary>"2022년 12월 6일 오전 9:00".</summary>
    public static string DateTime(DateTime utc) => ToSeoul(utc).ToString("yyyy년 M월 d일 tt h:mm", s_korean);

    /// <summary>"오후 3:04:05", a time of today.</summary>
    public static string Time(DateTime utc) => ToSeoul(utc).ToString("tt h:mm:ss", s_korean);

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
