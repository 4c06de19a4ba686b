namespace ForumApp.Web.Posting;

/// <summary>
/// How often one may post (configuration section <c>RateLimits:Posting</c>; the older name <c>Posting</c> is read too,
/// and <c>RateLimits:Posting</c> wins). Discourse's defaults are the start: one post per 5 s, stricter for accounts
/// younger than a day. A zero interval turns that limit off (tests, end-to-end runs, benchmarks).
/// </summary>
public sealed class PostingLimitOptions
{
    /// <summary>Configuration section the options are read from.</summary>
    public const string Section = "RateLimits:Posting";

    /// <summary>The section's older name, still read.</summary>
    public const string LegacySection = "Posting";

    /// <summary>The options from configuration: defaults, then <c>Posting</c>, then <c>RateLimits:Posting</c>.</summary>
    public static PostingLimitOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new PostingLimitOptions();
        configuration.GetSection(LegacySection).Bind(options);
        configuration.GetSection(Section).Bind(options);
        return options;
    }

    /// <summary>Minimum time between two posts of one account.</summary>
    public TimeSpan PerAccountInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Minimum time between two posts of an account younger than <see cref="NewAccountAge"/>.</summary>
    public TimeSpan NewAccountInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accounts younger than this are new.</summary>
    public TimeSpan NewAccountAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Minimum time between two posts from one IP address.</summary>
    public TimeSpan PerIpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The interval that applies to an account made at <paramref name="accountCreatedAt"/>.</summary>
    public TimeSpan AccountInterval(DateTime accountCreatedAt, DateTime now) =>
        now - accountCreatedAt < NewAccountAge ? NewAccountInterval : PerAccountInterval;
}
