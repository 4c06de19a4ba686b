using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ForumApp.Web.Hosting;

/// <summary>
/// Gives memory back to the machine when the server has gone quiet after work (docs/performance.md, "Memory at rest").
/// Every <see cref="IdleMemoryTrimOptions.Sample"/> it reads how many bytes the process has allocated; when a whole
/// <see cref="IdleMemoryTrimOptions.Quiet"/> has allocated almost nothing (no reader, no writer) and more than
/// <see cref="IdleMemoryTrimOptions.Burst"/> was allocated since the last trim, it trims once: a full, compacting
/// collection in the GC's aggressive mode (which also decommits the free regions the GC keeps for the next burst) and
/// glibc's <c>malloc_trim</c> (SQLite's page caches and Brotli's buffers live on the native heap), then hands the pages
/// of the mapped files back to the kernel (<see cref="MappedFilePageOut"/>). While the server is busy it never trims; a
/// quiet server is trimmed once, not again and again; one sample after a trim, if still quiet, the mapped files are
/// paged out once more (the JIT's work right after a trim reads some back). Before each trim every
/// <see cref="IIdleMemoryRelease"/> (the read models' cache, the near-duplicate indexes) drops what it can build again:
/// the anonymous pages stay cached as bytes, so a reader after the quiet is answered as fast, and only a page nobody
/// has read since, or the next check of a post, costs a build. When the quiet lasts
/// <see cref="IdleMemoryTrimOptions.ReleaseAfter"/> after a little work (too little for a trim), the caches are
/// released and the server trims too. It also trims once as soon as the server has started, so that what only
/// start-up needed (the host's building, EF Core's model, migrations, the seed import) does not stay resident.
/// </summary>
public sealed partial class IdleMemoryTrim(
    IdleMemoryTrimOptions options,
    IEnumerable<IIdleMemoryRelease> releases,
    IHostApplicationLifetime lifetime,
    ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    private readonly IdleMemoryTrimPolicy _policy = new(options);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Quiet <= TimeSpan.Zero)
        {
            return;
        }

        if (options.AfterStart)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            Trim("after start-up");
            _policy.Trimmed(GC.GetTotalAllocatedBytes());
        }

        using var timer = new PeriodicTimer(options.Sample);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            switch (_policy.Decide(GC.GetTotalAllocatedBytes()))
            {
                case IdleMemoryAction.Trim:
                    Release();
                    Trim("quiet after work");
                    break;
                case IdleMemoryAction.ReleaseAndTrim:
                    Release();
                    Trim("quiet for long: caches released");
                    break;
                case IdleMemoryAction.PageOutAgain when options.PageOutFiles && OperatingSystem.IsLinux():
                    _ = MappedFilePageOut.PageOut();
                    break;
            }
        }
    }

    private void Release()
    {
        foreach (var release in releases)
        {
            release.Release();
        }
    }

    private void Trim(string when)
    {
        var log = logger.IsEnabled(LogLevel.Information);
        var before = log ? ResidentBytes() : 0;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl has no malloc_trim): the managed part was still given back.
            }

            if (options.PageOutFiles)
            {
                _ = MappedFilePageOut.PageOut();
            }
        }

        if (log)
        {
            LogTrimmed(logger, when, before / (1024 * 1024), ResidentBytes() / (1024 * 1024));
        }
    }

    /// <summary>
    /// The resident set from <c>/proc/self/statm</c> (its second field, in pages): <see cref="Environment.WorkingSet"/>
    /// reaches the same figure through reflection on <c>System.Diagnostics.Process</c>, code the JIT would compile again
    /// right after a trim. Where there is no procfs, <see cref="Environment.WorkingSet"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ResidentBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Environment.WorkingSet;
        }

        Span<byte> statm = stackalloc byte[128];
        int length;
        try
        {
            using var handle = File.OpenHandle("/proc/self/statm");
            length = RandomAccess.Read(handle, statm, 0);
        }
        catch (IOException)
        {
            return Environment.WorkingSet;
        }

        var text = statm[..length];
        var space = text.IndexOf((byte)' ');
        long pages = 0;
        for (var i = space + 1; space >= 0 && i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            pages = (pages * 10) + (text[i] - '0');
        }

        return pages * Environment.SystemPageSize;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
#pragma warning disable SYSLIB1054 // one blittable call: the source-generated marshalling would need unsafe code for nothing
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory trimmed ({When}): resident {Before} MB -> {After} MB")]
    private static partial void LogTrimmed(ILogger logger, string when, long before, long after);
}

/// <summary>When <see cref="IdleMemoryTrim"/> trims: the samples it takes, what counts as quiet and as work.</summary>
public sealed record IdleMemoryTrimOptions
{
    /// <summary>How often the allocation counter is read.</summary>
    public TimeSpan Sample { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the process must allocate (almost) nothing before it trims; zero turns trimming off.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Allocation over <see cref="Quiet"/> that still counts as quiet (a timer, a health probe).</summary>
    public long QuietBytes { get; init; } = 2L * 1024 * 1024;

    /// <summary>Allocation since the last trim that makes another one worth a full collection.</summary>
    public long Burst { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a quiet after a little work (less than <see cref="Burst"/>, so no trim) must last before the caches are
    /// released and the server trims; zero never releases then (a trim always releases).
    /// </summary>
    public TimeSpan ReleaseAfter { get; init; } = TimeSpan.FromSeconds(66);

    /// <summary>Whether the server also trims once as soon as it has started (start-up's code and data).</summary>
    public bool AfterStart { get; init; } = true;

    /// <summary>Whether a trim also hands the mapped files' pages back to the kernel (<see cref="MappedFilePageOut"/>).</summary>
    public bool PageOutFiles { get; init; } = true;

    /// <summary>
    /// How long after a trim, if the server is still quiet, the mapped files' pages are handed back once more: the JIT's
    /// work in the seconds after a trim (methods the timers have just made hot) reads back a few megabytes of the
    /// runtime's code and the assemblies' metadata. Zero: never.
    /// </summary>
    public TimeSpan PageOutAgainAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// From configuration: <c>Memory:TrimWhenQuietSeconds</c> (0 turns every trim off), <c>Memory:TrimAfterStart</c>,
    /// <c>Memory:PageOutMappedFiles</c>, <c>Memory:ReleaseCachesWhenQuietSeconds</c> (0: never).
    /// </summary>
    public static IdleMemoryTrimOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new IdleMemoryTrimOptions();
        var seconds = configuration.GetValue("Memory:TrimWhenQuietSeconds", defaults.Quiet.TotalSeconds);
        var release = configuration.GetValue("Memory:ReleaseCachesWhenQuietSeconds", defaults.ReleaseAfter.TotalSeconds);
        return defaults with
        {
            Quiet = TimeSpan.FromSeconds(Math.Max(0, seconds)),
            ReleaseAfter = TimeSpan.FromSeconds(Math.Max(0, release)),
            AfterStart = configuration.GetValue("Memory:TrimAfterStart", defaults.AfterStart),
            PageOutFiles = configuration.GetValue("Memory:PageOutMappedFiles", defaults.PageOutFiles),
        };
    }
}

/// <summary>What <see cref="IdleMemoryTrim"/> does after a sample.</summary>
public enum IdleMemoryAction
{
    /// <summary>Nothing: the server is busy, or already trimmed for this quiet.</summary>
    None,

    /// <summary>A burst of work has gone quiet: trim.</summary>
    Trim,

    /// <summary>The quiet has lasted <see cref="IdleMemoryTrimOptions.ReleaseAfter"/> after a little work: release the caches, then trim.</summary>
    ReleaseAndTrim,

    /// <summary>
    /// <see cref="IdleMemoryTrimOptions.PageOutAgainAfter"/> has passed since a trim and the server is still quiet: hand
    /// the mapped files' pages back once more (no collection).
    /// </summary>
    PageOutAgain,
}

/// <summary>A cache that drops what it can build again when the server has gone quiet (<see cref="IdleMemoryTrim"/>).</summary>
public interface IIdleMemoryRelease
{
    /// <summary>Drops every entry that can be built again from the database.</summary>
    void Release();
}

/// <summary>
/// The near-duplicate check's indexes, one per essay (about 8 MB for an essay of 15,000 comments): dropped when the
/// server goes quiet, and loaded again from the database by the next check on that essay (a tenth of a second for
/// 15,000 comments), which then also sees every change committed meanwhile.
/// </summary>
public sealed class NearDuplicateIndexRelease(ForumApp.Data.Comments.EngineNearDuplicateFinder finder) : IIdleMemoryRelease
{
    /// <inheritdoc />
    public void Release() => finder.Reset();
}

/// <summary>The decision of <see cref="IdleMemoryTrim"/>, apart from the clock and the GC so that it can be tested.</summary>
public sealed class IdleMemoryTrimPolicy(IdleMemoryTrimOptions options)
{
    // The last samples, oldest first from _next once full: a ring, so that a sample allocates nothing and runs no
    // generic collection code the JIT would promote while the server is quiet.
    private readonly long[] _window = new long[(int)Math.Ceiling(options.Quiet / options.Sample) + 1 is > 1 and var n ? n : 1];
    private int _count;
    private int _next;
    private long _atLastTrim;
    private int _pageOutAgainIn = -1;
    private int _quietSamples;
    private bool _released = true;

    /// <summary>
    /// Takes one sample of the process's allocated bytes (which only ever grow) and says what to do now: trim once when
    /// a burst of work has gone quiet, release and trim once when the quiet has lasted long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IdleMemoryAction Decide(long allocatedBytes)
    {
        if (options.Quiet <= TimeSpan.Zero)
        {
            return IdleMemoryAction.None;
        }

        _window[_next] = allocatedBytes;
        _next = (_next + 1) % _window.Length;
        if (_count < _window.Length)
        {
            _count++;
        }

        if (_count < _window.Length)
        {
            return IdleMemoryAction.None;
        }

        // Full: _next is now the oldest sample, a whole Quiet ago.
        if (allocatedBytes - _window[_next] > options.QuietBytes)
        {
            // Busy: whatever the caches hold now may expire in the next quiet.
            _quietSamples = 0;
            _released = false;
            _pageOutAgainIn = -1;
            return IdleMemoryAction.None;
        }

        _quietSamples++;
        if (allocatedBytes - _atLastTrim >= options.Burst)
        {
            Trimmed(allocatedBytes);
            return IdleMemoryAction.Trim;
        }

        // The first quiet sample ends a whole Quiet; each later one adds a Sample.
        var quietFor = options.Quiet + (options.Sample * (_quietSamples - 1));
        if (!_released && options.ReleaseAfter > TimeSpan.Zero && quietFor >= options.ReleaseAfter)
        {
            _released = true;
            Trimmed(allocatedBytes);
            return IdleMemoryAction.ReleaseAndTrim;
        }

        if (_pageOutAgainIn > 0 && --_pageOutAgainIn == 0)
        {
            _pageOutAgainIn = -1;
            return IdleMemoryAction.PageOutAgain;
        }

        return IdleMemoryAction.None;
    }

    /// <summary>
    /// Records a trim (the policy's own, or one it did not ask for, after start-up): the next needs a new burst of work,
    /// and the page-out is repeated <see cref="IdleMemoryTrimOptions.PageOutAgainAfter"/> later if the quiet lasts.
    /// </summary>
    public void Trimmed(long allocatedBytes)
    {
        _atLastTrim = allocatedBytes;
        _pageOutAgainIn = options.PageOutAgainAfter > TimeSpan.Zero && options.PageOutFiles
            ? Math.Max(1, (int)Math.Ceiling(options.PageOutAgainAfter / options.Sample))
            : -1;
    }
}
