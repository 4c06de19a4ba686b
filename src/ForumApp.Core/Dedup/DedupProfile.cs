using System.Diagnostics;
using System.Globalization;

namespace ForumApp.Core.Dedup;

/// <summary>
/// Where the time of a dedup run goes: counters and timers on the hot path, off unless <see cref="Enabled"/> is set
/// (the benchmark's <c>--profile</c>). Not thread-safe: enable it for single-threaded measurements only.
/// </summary>
internal static class DedupProfile
{
    public static bool Enabled { get; set; }

    public static long Lookups;
    public static long ChainSteps;
    public static long PrefixSteps;
    public static long Candidates;
    public static long Relates;
    public static long SketchRejects;
    public static long EditDistances;
    public static long GuardCalls;
    public static long Matches;
    public static long CollectTicks;
    public static long RelateTicks;
    public static long FeatureTicks;
    public static long GuardTicks;
    public static long ParallelPhaseTicks;
    public static long SequentialPhaseTicks;
    public static readonly long[] NearSketch = new long[65];
    public static readonly long[] ContainedSketch = new long[65];
    public static readonly long[] FailedSketch = new long[65];

    public static string Histograms()
    {
        var sb = new System.Text.StringBuilder("sketch matches: near / contained / failed\n");
        for (var i = 0; i <= 64; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i}: {NearSketch[i]} / {ContainedSketch[i]} / {FailedSketch[i]}\n");
        }

        return sb.ToString();
    }
    public static long DistanceTicks;

    public static long Now => Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void Reset()
    {
        Lookups = ChainSteps = PrefixSteps = Candidates = Relates = SketchRejects = EditDistances = GuardCalls = Matches = CollectTicks = RelateTicks = FeatureTicks = GuardTicks = DistanceTicks = ParallelPhaseTicks = SequentialPhaseTicks = 0;
    }

    public static string Report() => string.Create(CultureInfo.InvariantCulture,
        $"lookups {Lookups:N0}, chain steps {ChainSteps:N0} ({Per(ChainSteps)}/lookup), prefix steps {PrefixSteps:N0} ({Per(PrefixSteps)}/lookup), candidates {Candidates:N0} ({Per(Candidates)}/lookup), "
        + $"relates {Relates:N0}, sketch rejects {SketchRejects:N0}, edit distances {EditDistances:N0}, guards {GuardCalls:N0}, matches {Matches:N0}; "
        + $"batch phases: parallel {Stopwatch.GetElapsedTime(0, ParallelPhaseTicks).TotalSeconds:0.00} s, in order {Stopwatch.GetElapsedTime(0, SequentialPhaseTicks).TotalSeconds:0.00} s; features {Stopwatch.GetElapsedTime(0, FeatureTicks).TotalSeconds:0.00} s, collect {Stopwatch.GetElapsedTime(0, CollectTicks).TotalSeconds:0.00} s, relate {Stopwatch.GetElapsedTime(0, RelateTicks).TotalSeconds:0.00} s (distance {Stopwatch.GetElapsedTime(0, DistanceTicks).TotalSeconds:0.00} s, guards {Stopwatch.GetElapsedTime(0, GuardTicks).TotalSeconds:0.00} s)");

    private static string Per(long value) => Lookups == 0 ? "0" : ((double)value / Lookups).ToString("0.0", CultureInfo.InvariantCulture);
}
