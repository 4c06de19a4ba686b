using System.Collections.Concurrent;

namespace ForumApp.Data.Comments;

/// <summary>
/// How often one may post (configuration section <c>Posting</c>). Discourse's defaults are the start: one post per 5 s,
/// stricter for accounts younger than a day. A zero interval turns that limit off (tests, end-to-end runs).
/// </summary>
public sealed class PostingLimitOptions
{
    /// <summary>Configuration section the options are read from.</summary>
    public const string Section = "Posting";

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

/// <summary>
/// The posting limits in application code, for posts made inside an interactive circuit (which HTTP middleware never
/// sees). The JSON API gets the same limits from ASP.NET Core's rate limiter. Time comes from <see cref="TimeProvider"/>
/// so tests move the clock instead of sleeping.
/// </summary>
public sealed class PostingThrottle(PostingLimitOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTime> _lastPost = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Takes a posting slot for the account and the IP address; returns null when allowed, else how long to wait.
    /// Nothing is taken when refused.
    /// </summary>
    public TimeSpan? TryAcquire(string userId, DateTime accountCreatedAt, string? ipAddress)
    {
        lock (_gate)
        {
            if (RetryAfter(userId, accountCreatedAt, ipAddress) is { } wait)
            {
                return wait;
            }

            Record(userId, ipAddress);
            return null;
        }
    }

    /// <summary>How long the account or the IP address must still wait before posting, or null when it may post now.</summary>
    public TimeSpan? RetryAfter(string userId, DateTime accountCreatedAt, string? ipAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            var wait = Wait(AccountKey(userId), options.AccountInterval(accountCreatedAt, now), now);
            if (IpKey(ipAddress) is { } ipKey)
            {
                var ipWait = Wait(ipKey, options.PerIpInterval, now);
                wait = ipWait > wait ? ipWait : wait;
            }

            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    /// <summary>
    /// Records a post that was made. The composer checks <see cref="RetryAfter"/> first and records only a post that
    /// was stored, so a refused text or a near-duplicate warning does not cost the writer a slot.
    /// </summary>
    public void Record(string userId, string? ipAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            _lastPost[AccountKey(userId)] = now;
            if (IpKey(ipAddress) is { } ipKey)
            {
                _lastPost[ipKey] = now;
            }

            Prune(now);
        }
    }

    private static string AccountKey(string userId) => "u:" + userId;

    private static string? IpKey(string? ipAddress) => string.IsNullOrEmpty(ipAddress) ? null : "ip:" + ipAddress;

    private TimeSpan Wait(string key, TimeSpan interval, DateTime now) =>
        interval > TimeSpan.Zero && _lastPost.TryGetValue(key, out var last) && now - last < interval
            ? interval - (now - last)
            : TimeSpan.Zero;

    // Keeps the table small: entries older than every interval can no longer refuse anything.
    private void Prune(DateTime now)
    {
        if (_lastPost.Count < 10_000)
        {
            return;
        }

        var longest = new[] { options.PerAccountInterval, options.NewAccountInterval, options.PerIpInterval }.Max();
        foreach (var (key, at) in _lastPost)
        {
            if (now - at >= longest)
            {
                _lastPost.TryRemove(key, out _);
            }
        }
    }
}
