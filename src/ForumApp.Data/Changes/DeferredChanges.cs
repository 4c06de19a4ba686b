using System.Threading.Channels;
using ForumApp.Core.Changes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ForumApp.Data.Changes;

/// <summary>
/// The queue of the <see cref="IDeferredChangeListener"/>s: <see cref="ForumChangeFeed"/> puts every change this node
/// committed on it after the quick listeners ran, and one worker hands the listeners whatever has queued up since
/// their last turn (at most <see cref="MaxBatch"/> changes at a time), so that sixteen posts in the same moment cost
/// the search index and the notifications one transaction, not sixteen. <see cref="SettledAsync"/> is the read
/// barrier: it completes when every change queued before the call has been handled. Disposing (the host stopping)
/// lets the worker finish what is queued.
/// </summary>
public sealed partial class DeferredChanges(IServiceProvider services, ILogger<DeferredChanges> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>The most changes one turn of the listeners is given.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<ForumChange> _queue = Channel.CreateUnbounded<ForumChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private IDeferredChangeListener[]? _listeners;
    private long _queued;
    private long _handled;
    private Task? _worker;

    /// <summary>Every deferred listener, in registration order.</summary>
    public IReadOnlyList<IDeferredChangeListener> Listeners => _listeners ??= [.. services.GetServices<IDeferredChangeListener>()];

    /// <summary>Queues the changes this node committed (relayed ones are not queued: their node handles them).</summary>
    public void Enqueue(IReadOnlyList<ForumChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (Listeners.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var change in changes.Where(c => !c.Relayed))
            {
                if (!_queue.Writer.TryWrite(change))
                {
                    LogStopped(logger, change.Kind, change.Sequence);
                    continue;
                }

                _queued++;
            }

            _worker ??= Task.Run(RunAsync);
        }
    }

    /// <summary>Completes once every change queued before this call has been handled by every deferred listener.</summary>
    public Task SettledAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_handled >= _queued)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_queued, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<ForumChange>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            foreach (var listener in Listeners)
            {
                try
                {
                    // The changes are committed: a listener runs to the end even when the host is stopping.
                    await listener.OnChangesAsync(batch, CancellationToken.None);
                }
#pragma warning disable CA1031 // one failing listener must not keep the changes from the others, nor stop the queue
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogListenerFailed(logger, e, listener.GetType().Name, batch.Count, batch[0].Sequence, batch[^1].Sequence);
                }
            }

            lock (_gate)
            {
                _handled += batch.Count;
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Target <= _handled)
                    {
                        _waiters[i].Done.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }
    }

    /// <summary>Stops taking changes and waits until the queued ones have been handled.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Stop() is { } worker)
        {
            await worker;
        }
    }

    /// <summary>The same, for a service provider disposed synchronously (its worker runs on the thread pool).</summary>
    public void Dispose() => Stop()?.GetAwaiter().GetResult();

    private Task? Stop()
    {
        lock (_gate)
        {
            _queue.Writer.TryComplete();
            return _worker;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deferred change listener {Listener} failed on {Count} changes #{First}..#{Last}")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener, int count, long first, long last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deferred change queue is stopped: {Kind} #{Sequence} was not handed to its listeners")]
    private static partial void LogStopped(ILogger logger, ForumChangeKind kind, long sequence);
}
