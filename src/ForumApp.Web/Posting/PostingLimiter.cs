using ForumApp.Core;
using ForumApp.Data.Comments;

namespace ForumApp.Web.Posting;

/// <summary>
/// The posting limits, one meaning on every channel (the API and the composer's circuit call <see cref="PostAsync"/>):
/// a post takes a slot for its account and its address atomically before it runs, and gives the slot back when it was
/// not stored (invalid text, a duplicate, the near-duplicate warning, an error), so only stored posts count and two
/// circuits of one person cannot both slip through. Per node: with several nodes behind a proxy, each node counts
/// its own posts (docs/operations.md says why that is acceptable).
/// </summary>
public sealed class PostingLimiter(PostingLimitOptions options, TimeProvider clock)
{
    private readonly Dictionary<string, DateTime> _lastPost = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Runs <paramref name="post"/> if the account and the address may post now, and counts it only if it succeeded;
    /// otherwise answers <see cref="OutcomeKind.TooManyRequests"/> with the time until a post will be accepted.
    /// </summary>
    public async Task<CommentOutcome> PostAsync(string userId, DateTime accountCreatedAt, string? ipAddress, Func<Task<CommentOutcome>> post)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(post);
        if (TryTake(userId, accountCreatedAt, ipAddress, out var slot) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            return new CommentOutcome(OutcomeKind.TooManyRequests, $"댓글을 너무 빨리 올리고 있습니다. {seconds}초 뒤에 다시 시도해 주세요.", ProblemTypes.RateLimited)
            {
                RetryAfter = wait,
                Detail = $"Posting is limited per account and per address; try again in {seconds} s.",
            };
        }

        var stored = false;
        try
        {
            var outcome = await post();
            stored = outcome.Succeeded;
            return outcome;
        }
        finally
        {
            if (!stored)
            {
                GiveBack(slot);
            }
        }
    }

    /// <summary>How long the account or the address must still wait, or null when it may post now (takes nothing).</summary>
    public TimeSpan? RetryAfter(string userId, DateTime accountCreatedAt, string? ipAddress)
    {
        lock (_gate)
        {
            return Wait(userId, accountCreatedAt, ipAddress, clock.GetUtcNow().UtcDateTime);
        }
    }

    private TimeSpan? TryTake(string userId, DateTime accountCreatedAt, string? ipAddress, out Slot slot)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            slot = default;
            if (Wait(userId, accountCreatedAt, ipAddress, now) is { } wait)
            {
                return wait;
            }

            var account = AccountKey(userId);
            var ip = IpKey(ipAddress);
            slot = new Slot(now, account, Previous(account), ip, ip is null ? null : Previous(ip));
            _lastPost[account] = now;
            if (ip is not null)
            {
                _lastPost[ip] = now;
            }

            Prune(now);
            return null;
        }
    }

    // A refused post gives its slot back, unless a later post has taken the key since.
    private void GiveBack(Slot slot)
    {
        lock (_gate)
        {
            Restore(slot.AccountKey, slot.PreviousAccount, slot.TakenAt);
            if (slot.IpKey is not null)
            {
                Restore(slot.IpKey, slot.PreviousIp, slot.TakenAt);
            }
        }
    }

    private void Restore(string key, DateTime? previous, DateTime takenAt)
    {
        if (!_lastPost.TryGetValue(key, out var current) || current != takenAt)
        {
            return;
        }

        if (previous is DateTime p)
        {
            _lastPost[key] = p;
        }
        else
        {
            _lastPost.Remove(key);
        }
    }

    private TimeSpan? Wait(string userId, DateTime accountCreatedAt, string? ipAddress, DateTime now)
    {
        var wait = Remaining(AccountKey(userId), options.AccountInterval(accountCreatedAt, now), now);
        if (IpKey(ipAddress) is { } ip && Remaining(ip, options.PerIpInterval, now) is var ipWait && ipWait > wait)
        {
            wait = ipWait;
        }

        return wait > TimeSpan.Zero ? wait : null;
    }

    private TimeSpan Remaining(string key, TimeSpan interval, DateTime now) =>
        interval > TimeSpan.Zero && _lastPost.TryGetValue(key, out var last) && now - last < interval
            ? interval - (now - last)
            : TimeSpan.Zero;

    private DateTime? Previous(string key) => _lastPost.TryGetValue(key, out var at) ? at : null;

    private static string AccountKey(string userId) => "u:" + userId;

    private static string? IpKey(string? ipAddress) => string.IsNullOrEmpty(ipAddress) ? null : "ip:" + ipAddress;

    // Keeps the table small: entries older than every interval can no longer refuse anything.
    private void Prune(DateTime now)
    {
        if (_lastPost.Count < 10_000)
        {
            return;
        }

        var longest = new[] { options.PerAccountInterval, options.NewAccountInterval, options.PerIpInterval }.Max();
        foreach (var key in _lastPost.Where(p => now - p.Value >= longest).Select(p => p.Key).ToList())
        {
            _lastPost.Remove(key);
        }
    }

    private readonly record struct Slot(DateTime TakenAt, string AccountKey, DateTime? PreviousAccount, string? IpKey, DateTime? PreviousIp);
}
