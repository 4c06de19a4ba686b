using ForumApp.Core;
using ForumApp.Data.Comments;
using ForumApp.Web.Posting;
using Microsoft.Extensions.Time.Testing;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>The posting limits: one meaning on both channels, counting only stored posts.</summary>
public sealed class PostingLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    private DateTime OldAccount => _clock.GetUtcNow().UtcDateTime.AddDays(-30);

    private static Task<CommentOutcome> Stored() => Task.FromResult(new CommentOutcome(OutcomeKind.Ok, ""));

    private static Task<CommentOutcome> Refused() =>
        Task.FromResult(new CommentOutcome(OutcomeKind.Conflict, "비슷한 댓글이 있습니다", ProblemTypes.NearDuplicateComment));

    [Fact]
    public async Task One_post_per_interval_per_account_and_another_account_is_not_held_back()
    {
        var limiter = new PostingLimiter(new PostingLimitOptions(), _clock);

        Assert.True((await limiter.PostAsync("u1", OldAccount, null, Stored)).Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(4));
        var early = await limiter.PostAsync("u1", OldAccount, null, Stored);
        Assert.Equal((OutcomeKind.TooManyRequests, TimeSpan.FromSeconds(1)), (early.Kind, early.RetryAfter));
        Assert.True((await limiter.PostAsync("u2", OldAccount, null, Stored)).Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await limiter.PostAsync("u1", OldAccount, null, Stored)).Succeeded);
    }

    [Fact]
    public async Task A_new_account_is_told_the_real_wait_of_its_30_second_limit()
    {
        var limiter = new PostingLimiter(new PostingLimitOptions(), _clock);
        var young = _clock.GetUtcNow().UtcDateTime.AddHours(-1);

        await limiter.PostAsync("young", young, "10.0.0.1", Stored);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var refused = await limiter.PostAsync("young", young, "10.0.0.1", Stored);

        Assert.Equal(TimeSpan.FromSeconds(20), refused.RetryAfter);
        Assert.Contains("20초", refused.Message, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await limiter.PostAsync("young", young, "10.0.0.1", Stored)).Succeeded);
    }

    [Fact]
    public async Task A_refused_post_costs_no_slot_so_the_acknowledged_resend_goes_through_at_once()
    {
        var limiter = new PostingLimiter(new PostingLimitOptions(), _clock);

        var warned = await limiter.PostAsync("writer", OldAccount, "10.0.0.1", Refused);
        var resent = await limiter.PostAsync("writer", OldAccount, "10.0.0.1", Stored);

        Assert.True(warned.IsNearDuplicate);
        Assert.True(resent.Succeeded);
        Assert.Equal(OutcomeKind.TooManyRequests, (await limiter.PostAsync("writer", OldAccount, "10.0.0.1", Stored)).Kind);
    }

    [Fact]
    public async Task A_post_that_throws_gives_its_slot_back()
    {
        var limiter = new PostingLimiter(new PostingLimitOptions(), _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            limiter.PostAsync("writer", OldAccount, null, () => throw new InvalidOperationException("connection lost")));

        Assert.True((await limiter.PostAsync("writer", OldAccount, null, Stored)).Succeeded);
    }

    [Fact]
    public async Task Two_circuits_of_one_person_posting_at_once_store_one_post()
    {
        var limiter = new PostingLimiter(new PostingLimitOptions(), _clock);
        var gate = new TaskCompletionSource();
        var stored = 0;

        async Task<CommentOutcome> SlowPost()
        {
            await gate.Task;
            Interlocked.Increment(ref stored);
            return new CommentOutcome(OutcomeKind.Ok, "");
        }

        var first = limiter.PostAsync("writer", OldAccount, null, SlowPost);
        var second = limiter.PostAsync("writer", OldAccount, null, SlowPost);
        gate.SetResult();
        var outcomes = await Task.WhenAll(first, second);

        Assert.Equal(1, stored);
        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Single(outcomes, o => o.Kind == OutcomeKind.TooManyRequests);
    }

    [Fact]
    public async Task One_address_is_limited_across_accounts_and_a_zero_interval_turns_a_limit_off()
    {
        var limiter = new PostingLimiter(new PostingLimitOptions(), _clock);
        var unlimited = new PostingLimiter(
            new PostingLimitOptions { PerAccountInterval = TimeSpan.Zero, NewAccountInterval = TimeSpan.Zero, PerIpInterval = TimeSpan.Zero }, _clock);

        Assert.True((await limiter.PostAsync("a", OldAccount, "10.0.0.1", Stored)).Succeeded);
        Assert.False((await limiter.PostAsync("b", OldAccount, "10.0.0.1", Stored)).Succeeded);
        Assert.True((await limiter.PostAsync("b", OldAccount, "10.0.0.2", Stored)).Succeeded);
        Assert.True((await unlimited.PostAsync("a", OldAccount, "10.0.0.1", Stored)).Succeeded);
        Assert.True((await unlimited.PostAsync("a", OldAccount, "10.0.0.1", Stored)).Succeeded);
    }
}
