using ForumApp.Web.Hosting;

namespace ForumApp.Web.Tests.Hosting;

/// <summary>When the server gives memory back: once after a burst of work has gone quiet, never while it is busy.</summary>
public sealed class IdleMemoryTrimPolicyTests
{
    private const long MB = 1024 * 1024;
    private static readonly IdleMemoryTrimOptions Options = new() { Sample = TimeSpan.FromSeconds(2), Quiet = TimeSpan.FromSeconds(6) };

    [Fact]
    public void A_burst_followed_by_quiet_trims_once_and_not_again_while_it_stays_quiet()
    {
        var policy = new IdleMemoryTrimPolicy(Options);
        var decisions = Samples(policy, 0, 100 * MB, 200 * MB, 300 * MB, 300 * MB, 300 * MB, 300 * MB, 301 * MB, 301 * MB, 301 * MB, 301 * MB);

        // Quiet means four samples (6 s) with almost nothing allocated: the first moment is the seventh sample.
        Assert.Equal([false, false, false, false, false, false, true, false, false, false, false], decisions);
    }

    [Fact]
    public void A_busy_server_is_never_trimmed()
    {
        var policy = new IdleMemoryTrimPolicy(Options);
        var decisions = Samples(policy, Enumerable.Range(0, 30).Select(i => i * 20 * MB).ToArray());

        Assert.DoesNotContain(true, decisions);
    }

    [Fact]
    public void Quiet_without_work_since_the_last_trim_is_left_alone_and_the_next_burst_trims_again()
    {
        var policy = new IdleMemoryTrimPolicy(Options);
        var first = Samples(policy, 200 * MB, 200 * MB, 200 * MB, 200 * MB);
        var smallWork = Samples(policy, 230 * MB, 230 * MB, 230 * MB, 230 * MB, 230 * MB);
        var burst = Samples(policy, 300 * MB, 400 * MB, 400 * MB, 400 * MB, 400 * MB, 400 * MB);

        Assert.Equal([false, false, false, true], first);
        Assert.DoesNotContain(true, smallWork); // 30 MB of work since the trim: not worth a full collection
        Assert.Equal([false, false, false, false, true, false], burst);
    }

    [Fact]
    public void Trimming_turned_off_never_trims()
    {
        var policy = new IdleMemoryTrimPolicy(Options with { Quiet = TimeSpan.Zero });
        var decisions = Samples(policy, 0, 500 * MB, 500 * MB, 500 * MB, 500 * MB, 500 * MB, 500 * MB);

        Assert.DoesNotContain(true, decisions);
    }

    private static bool[] Samples(IdleMemoryTrimPolicy policy, params long[] allocated) =>
        allocated.Select(policy.ShouldTrim).ToArray();
}
