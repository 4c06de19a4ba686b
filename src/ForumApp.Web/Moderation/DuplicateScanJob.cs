using ForumApp.Core;
using ForumApp.Data.Accounts;
using ForumApp.Data.Moderation;

namespace ForumApp.Web.Moderation;

/// <summary>The state of the latest scan started from the moderation page or API.</summary>
/// <param name="Running">True while it runs.</param>
/// <param name="StartedBy">Who started it (user id).</param>
/// <param name="StartedAt">When.</param>
/// <param name="Progress">The latest progress report.</param>
/// <param name="Summary">What it did, once finished.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record ScanStatus(bool Running, string? StartedBy, DateTime? StartedAt, ScanProgress? Progress, ScanSummary? Summary, string? Error)
{
    public static ScanStatus Idle { get; } = new(false, null, null, null, null, null);
}

/// <summary>
/// Runs one duplicate scan at a time in the background (a scan of many essays outlives a request) and keeps its
/// progress for the scan page, which refreshes itself while the scan runs.
/// </summary>
public sealed class DuplicateScanJob(DuplicateScanService scans, RoleCheck roles, Cluster.IWorkLock locks, TimeProvider clock, ILogger<DuplicateScanJob> logger)
{
    private readonly Lock _lock = new();
    private ScanStatus _status = ScanStatus.Idle;
    private Task _running = Task.CompletedTask;

    /// <summary>The current or latest scan.</summary>
    public ScanStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>The running scan's task, for tests that wait for it.</summary>
    public Task Completion
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>A moderator starts a scan, unless one is running (a conflict then).</summary>
    /// <param name="actor">The moderator's user id (checked here; the scan's own merges are by "system").</param>
    /// <param name="cancellationToken">Cancels the role check, not the scan.</param>
    public async Task<SimpleOutcome> TryStartAsync(string actor, CancellationToken cancellationToken = default)
    {
        if (!await roles.IsModeratorAsync(actor, cancellationToken))
        {
            return RoleCheck.NotModerator;
        }

        // One scan in the whole forum: with several nodes the lock is in Redis, so a second node refuses too.
        var held = await locks.TryTakeAsync("duplicate-scan", cancellationToken);
        if (held is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, "이미 검사가 진행 중입니다.", ProblemTypes.ModerationRefused);
        }

        lock (_lock)
        {
            if (_status.Running)
            {
                _ = held.DisposeAsync().AsTask();
                return SimpleOutcome.Refuse(OutcomeKind.Conflict, "이미 검사가 진행 중입니다.", ProblemTypes.ModerationRefused);
            }

            _status = new ScanStatus(true, actor, clock.GetUtcNow().UtcDateTime, null, null, null);
            _running = Task.Run(() => RunAsync(actor, held), CancellationToken.None);
            return SimpleOutcome.Ok();
        }
    }

    private async Task RunAsync(string actor, IAsyncDisposable held)
    {
        await using var release = held;
        var progress = new Progress(this);
        try
        {
            var summary = await scans.ScanAsync(actor, progress);
            Update(s => s with { Running = false, Summary = summary });
        }
#pragma warning disable CA1031 // a background job must record any failure instead of dying unseen
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Duplicate scan failed");
            Update(s => s with { Running = false, Error = e.Message });
        }
    }

    private void Update(Func<ScanStatus, ScanStatus> change)
    {
        lock (_lock)
        {
            _status = change(_status);
        }
    }

    // Synchronous on purpose: Progress<T> would post to the thread pool and could report after completion.
    private sealed class Progress(DuplicateScanJob job) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => job.Update(s => s with { Progress = value });
    }
}
