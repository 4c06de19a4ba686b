using ForumApp.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace ForumApp.Web.Tests.Hosting;

/// <summary>
/// When the server gives memory back: once after a burst of work has gone quiet, never while it is busy, and once more
/// (with the expired caches) when the quiet has lasted longer than the read models live.
/// </summary>
public sealed class IdleMemoryTrimPolicyTests
{
    private const long MB = 1024 * 1024;
    private static readonly IdleMemoryTrimOptions Options = new() { Sample = TimeSpan.FromSeconds(2), Quiet = TimeSpan.FromSeconds(6), ReleaseAfter = TimeSpan.Zero, PageOutAgainAfter = TimeSpan.Zero };
    private static readonly IdleMemoryTrimOptions Releasing = Options with { ReleaseAfter = TimeSpan.FromSeconds(12) };

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

    [Fact]
    public void A_long_quiet_after_work_releases_the_caches_once_and_a_new_quiet_after_any_work_releases_again()
    {
        var policy = new IdleMemoryTrimPolicy(Releasing);
        var burstThenQuiet = Actions(policy, 0, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB);
        // One reader (5 MB: too little for another trim, enough to read an essay whose model will expire).
        var reader = Actions(policy, 105 * MB, 105 * MB, 105 * MB, 105 * MB, 105 * MB, 105 * MB, 105 * MB, 105 * MB);

        // Trim when 6 s are quiet (5th sample); release when 12 s are (8th); then nothing while it stays quiet.
        Assert.Equal(
            [IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.Trim,
             IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.ReleaseAndTrim, IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None],
            burstThenQuiet);
        Assert.Equal(
            [IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None,
             IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.ReleaseAndTrim, IdleMemoryAction.None],
            reader);
    }

    [Fact]
    public void A_server_that_never_had_work_is_not_released_and_a_busy_one_never()
    {
        var idle = Actions(new IdleMemoryTrimPolicy(Releasing), Enumerable.Repeat(50 * MB, 40).ToArray());
        var busy = Actions(new IdleMemoryTrimPolicy(Releasing), Enumerable.Range(0, 40).Select(i => i * 3 * MB).ToArray());

        Assert.All(idle, a => Assert.Equal(IdleMemoryAction.None, a));
        Assert.All(busy, a => Assert.Equal(IdleMemoryAction.None, a));
    }

    [Fact]
    public void The_release_is_configured_in_seconds_and_zero_turns_it_off()
    {
        var configured = IdleMemoryTrimOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Memory:ReleaseCachesWhenQuietSeconds"] = "0",
        }).Build());
        var policy = new IdleMemoryTrimPolicy(configured with { Sample = TimeSpan.FromSeconds(2) });

        Assert.Equal(TimeSpan.FromSeconds(66), IdleMemoryTrimOptions.From(new ConfigurationBuilder().Build()).ReleaseAfter);
        Assert.DoesNotContain(IdleMemoryAction.ReleaseAndTrim, Actions(policy, [0, .. Enumerable.Repeat(100 * MB, 100)]));
    }

    [Fact]
    public void The_page_out_is_repeated_once_a_little_after_each_trim_while_the_quiet_lasts_and_not_when_work_resumes()
    {
        var policy = new IdleMemoryTrimPolicy(Releasing with { PageOutAgainAfter = TimeSpan.FromSeconds(4) });
        var quiet = Actions(policy, 0, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB, 100 * MB);
        // A burst that goes quiet, then work again two samples after the trim: the repeat is dropped.
        var busy = Actions(policy, 200 * MB, 200 * MB, 200 * MB, 200 * MB, 200 * MB, 210 * MB, 220 * MB, 230 * MB, 230 * MB, 230 * MB, 230 * MB);

        // Trim on the 5th sample, again 4 s (two samples) later; release and trim on the 8th, again on the 10th; then nothing.
        Assert.Equal(
            [IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.None, IdleMemoryAction.Trim,
             IdleMemoryAction.None, IdleMemoryAction.PageOutAgain, IdleMemoryAction.ReleaseAndTrim, IdleMemoryAction.None,
             IdleMemoryAction.PageOutAgain, IdleMemoryAction.None, IdleMemoryAction.None],
            quiet);
        Assert.Equal(IdleMemoryAction.Trim, busy[3]);
        Assert.DoesNotContain(IdleMemoryAction.PageOutAgain, busy);
    }

    private static bool[] Samples(IdleMemoryTrimPolicy policy, params long[] allocated) =>
        allocated.Select(a => policy.Decide(a) == IdleMemoryAction.Trim).ToArray();

    private static IdleMemoryAction[] Actions(IdleMemoryTrimPolicy policy, params long[] allocated) =>
        allocated.Select(policy.Decide).ToArray();
}
