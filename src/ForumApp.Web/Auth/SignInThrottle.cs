using System.Globalization;

namespace ForumApp.Web.Auth;

/// <summary>
/// How many failed sign-ins are allowed (configuration section <c>SignIn</c>; a zero count turns that limit off).
/// Failures are counted per address (every account, and wrong API tokens) and per address-and-account pair.
/// </summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Configuration section the options are read from.</summary>
    public const string Section = "SignIn";

    /// <summary>Failed logins and wrong API tokens one address may make within <see cref="AddressWindow"/>.</summary>
    public int FailuresPerAddress { get; set; } = 10;

    /// <summary>The window <see cref="FailuresPerAddress"/> counts in.</summary>
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed logins for one account from one address within <see cref="AccountWindow"/>: the lockout.</summary>
    public int FailuresPerAccountAndAddress { get; set; } = 5;

    /// <summary>The window <see cref="FailuresPerAccountAndAddress"/> counts in.</summary>
    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Throttles password guessing and token guessing by the address they come from, instead of locking accounts:
/// Identity's lockout refused the owner's right password after anyone's ten wrong ones, so it was a tool for locking
/// someone else out. Here failures from one address slow down that address (all accounts) and lock only that
/// address-and-account pair; the owner signing in from anywhere else is not affected. While an address or pair is
/// held back even a right password or token is refused (429 with Retry-After): otherwise guessing would go on,
/// only the answer would be hidden. Per node, in memory, like the posting limits (docs/security.md).
/// </summary>
public sealed class SignInThrottle(SignInThrottleOptions options, TimeProvider clock)
{
    private const int PruneAbove = 10_000;
    private readonly Dictionary<string, Queue<DateTime>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// How long <paramref name="address"/> (and, when given, the pair with <paramref name="account"/>) must wait before
    /// another attempt is looked at, or null when it may try now. An unknown address is not limited by address.
    /// </summary>
    public TimeSpan? RetryAfter(string? address, string? account = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            var wait = TimeSpan.Zero;
            if (AddressKey(address) is { } a)
            {
                wait = Max(wait, Wait(a, options.FailuresPerAddress, options.AddressWindow, now));
            }

            if (PairKey(address, account) is { } p)
            {
                wait = Max(wait, Wait(p, options.FailuresPerAccountAndAddress, options.AccountWindow, now));
            }

            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    /// <summary>Counts one failed attempt (a wrong password for <paramref name="account"/>, or a wrong token).</summary>
    public void RecordFailure(string? address, string? account = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            if (_failures.Count > PruneAbove)
            {
                Prune(now);
            }

            if (AddressKey(address) is { } a && options.FailuresPerAddress > 0)
            {
                Add(a, now);
            }

            if (PairKey(address, account) is { } p && options.FailuresPerAccountAndAddress > 0)
            {
                Add(p, now);
            }
        }
    }

    /// <summary>The Korean sentence shown when an attempt is held back.</summary>
    public static string Message(TimeSpan wait) =>
        string.Create(CultureInfo.InvariantCulture, $"로그인 시도가 너무 많습니다. {Seconds(wait)}초 뒤에 다시 시도해 주세요.");

    /// <summary>Whole seconds for a Retry-After header (at least 1).</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private void Add(string key, DateTime now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            _failures[key] = times = new Queue<DateTime>();
        }

        times.Enqueue(now);
        // Only the newest `limit` failures can ever matter.
        while (times.Count > Math.Max(options.FailuresPerAddress, options.FailuresPerAccountAndAddress))
        {
            times.Dequeue();
        }
    }

    // With `limit` failures inside the window, the next attempt waits until the oldest of them leaves it.
    private TimeSpan Wait(string key, int limit, TimeSpan window, DateTime now)
    {
        if (limit <= 0 || !_failures.TryGetValue(key, out var times))
        {
            return TimeSpan.Zero;
        }

        var recent = times.Where(t => now - t < window).ToList();
        return recent.Count < limit ? TimeSpan.Zero : recent[^limit] + window - now;
    }

    private void Prune(DateTime now)
    {
        var longest = Max(options.AddressWindow, options.AccountWindow);
        foreach (var key in _failures.Where(p => p.Value.Count == 0 || now - p.Value.Last() >= longest).Select(p => p.Key).ToList())
        {
            _failures.Remove(key);
        }
    }

    private static string? AddressKey(string? address) => string.IsNullOrEmpty(address) ? null : "ip:" + address;

    private static string? PairKey(string? address, string? account) =>
        string.IsNullOrEmpty(address) || string.IsNullOrWhiteSpace(account) ? null : "ip:" + address + "|u:" + account.Trim().ToUpperInvariant();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
