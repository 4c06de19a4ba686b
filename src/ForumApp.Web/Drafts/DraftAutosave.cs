using ForumApp.Data.Drafts;

namespace ForumApp.Web.Drafts;

/// <summary>
/// One open draft (a person writing in one place) saved on the server as it changes: a few seconds after the writer
/// pauses (<see cref="DraftOptions.SaveDelay"/>), at the latest <see cref="DraftOptions.MaxDelay"/> after the first
/// unsaved change, and at once when the circuit may go away (<see cref="FlushAsync"/>: the connection dropped, the
/// circuit closed, the server stops). Saves run one at a time, newest content last. Opened by
/// <see cref="DraftAutosaver.Open"/>; a composer and the essay editor use it alike.
/// </summary>
public sealed class DraftAutosave : IAsyncDisposable
{
    private readonly DraftService _drafts;
    private readonly DraftOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Action<DraftAutosave> _closed;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly ITimer _timer;
    private DraftContent? _unsaved;
    private DateTimeOffset? _firstUnsavedAt;
    private bool _paused;
    private bool _isClosed;

    internal DraftAutosave(string userId, string place, DraftService drafts, DraftOptions options, TimeProvider clock, ILogger logger, Action<DraftAutosave> closed)
    {
        UserId = userId;
        Place = place;
        _drafts = drafts;
        _options = options;
        _clock = clock;
        _logger = logger;
        _closed = closed;
        _timer = clock.CreateTimer(static state => _ = ((DraftAutosave)state!).FlushAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The writer.</summary>
    public string UserId { get; }

    /// <summary>Where the draft belongs (<see cref="Core.Drafts.DraftPlaces"/>).</summary>
    public string Place { get; }

    /// <summary>When the draft was last saved, or null before the first save.</summary>
    public DateTimeOffset? SavedAt { get; private set; }

    /// <summary>Raised after each save (on a thread of the pool: a component marshals with InvokeAsync).</summary>
    public event Action<DateTimeOffset>? Saved;

    /// <summary>True while there is content not saved yet.</summary>
    public bool HasUnsavedChanges
    {
        get
        {
            lock (_gate)
            {
                return _unsaved is not null;
            }
        }
    }

    /// <summary>The writer changed the text: it is saved after a pause (empty text removes the draft).</summary>
    public void Update(DraftContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        lock (_gate)
        {
            if (_isClosed)
            {
                return;
            }

            var now = _clock.GetUtcNow();
            _unsaved = content;
            _firstUnsavedAt ??= now;
            if (!_paused)
            {
                var latest = _firstUnsavedAt.Value + _options.MaxDelay - now;
                _timer.Change(latest < _options.SaveDelay ? (latest < TimeSpan.Zero ? TimeSpan.Zero : latest) : _options.SaveDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Saves what is not saved yet, now (nothing while paused for a post, or once closed).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            DraftContent? content;
            lock (_gate)
            {
                if (_paused || _isClosed || _unsaved is null)
                {
                    return;
                }

                content = _unsaved;
                _unsaved = null;
                _firstUnsavedAt = null;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            await SaveAsync(content, cancellationToken);
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>
    /// Stops saving while the text is posted and waits for a save under way, so no save lands after the post removed
    /// the draft. Follow with <see cref="Close"/> when the post was stored, <see cref="ResumeAsync"/> when it was not.
    /// </summary>
    public async Task PauseAsync()
    {
        lock (_gate)
        {
            _paused = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        await _saving.WaitAsync();
        _saving.Release();
    }

    /// <summary>The post was refused: the text stays a draft, saved now.</summary>
    public Task ResumeAsync(DraftContent current)
    {
        lock (_gate)
        {
            _paused = false;
        }

        Update(current);
        return FlushAsync();
    }

    /// <summary>The writer threw the draft away: nothing unsaved is kept and the stored draft is removed.</summary>
    public async Task DiscardAsync()
    {
        lock (_gate)
        {
            _unsaved = null;
            _firstUnsavedAt = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        await _saving.WaitAsync();
        try
        {
            await _drafts.DeleteAsync(UserId, Place);
            SavedAt = null;
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>What the draft was for is done (posted): nothing more is saved.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            _unsaved = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _closed(this);
    }

    /// <summary>Saves what is left and stops (the composer went away).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync();
        }
        finally
        {
            Close();
            await _timer.DisposeAsync();
        }
    }

    private async Task SaveAsync(DraftContent content, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await _drafts.SaveAsync(UserId, Place, content, cancellationToken);
            if (!outcome.Succeeded)
            {
                _logger.LogWarning("Draft {Place} of {UserId} not saved: {Reason}", Place, UserId, outcome.Message);
                return;
            }

            var at = _clock.GetUtcNow();
            SavedAt = at;
            Saved?.Invoke(at);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep the text for the next try unless newer text came in meanwhile; the writer's box still holds it.
            lock (_gate)
            {
                if (_unsaved is null && !_isClosed)
                {
                    _unsaved = content;
                    _firstUnsavedAt ??= _clock.GetUtcNow();
                    _timer.Change(_options.SaveDelay, Timeout.InfiniteTimeSpan);
                }
            }

            _logger.LogWarning(ex, "Draft {Place} of {UserId} not saved; trying again", Place, UserId);
        }
    }
}
