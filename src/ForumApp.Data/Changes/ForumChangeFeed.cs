using ForumApp.Core.Changes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ForumApp.Data.Changes;

/// <summary>
/// The one dispatcher of the change feed: after a write commits, <see cref="ChangeFeedInterceptor"/> hands it the
/// write's changes and it tells every registered <see cref="IForumChangeListener"/>, in registration order. A listener
/// that fails is logged and skipped: the write is already committed, and the other listeners must still hear it.
/// Listeners are resolved on first use, because several of them need the DbContext factory that this feed serves.
/// Then it queues the changes for the <see cref="IDeferredChangeListener"/>s (<see cref="DeferredChanges"/>), whose
/// work does not hold up the write's answer.
/// </summary>
public sealed partial class ForumChangeFeed(IServiceProvider services, DeferredChanges deferred, ILogger<ForumChangeFeed> logger)
{
    private IForumChangeListener[]? _listeners;

    /// <summary>Every listener, in registration order.</summary>
    public IReadOnlyList<IForumChangeListener> Listeners => _listeners ??= [.. services.GetServices<IForumChangeListener>()];

    /// <summary>Tells every listener about <paramref name="changes"/>, one change at a time, in order, then queues them for the deferred listeners.</summary>
    public async Task PublishAsync(IReadOnlyList<ForumChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            foreach (var listener in Listeners)
            {
                try
                {
                    await listener.OnChangeAsync(change, cancellationToken);
                }
#pragma warning disable CA1031 // one failing listener must not keep the change from the others; the write is committed
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogListenerFailed(logger, e, listener.GetType().Name, change.Kind, change.Sequence);
                }
            }
        }

        deferred.Enqueue(changes);
    }

    /// <summary>Completes when the deferred listeners have handled every change published before the call (see <see cref="DeferredChanges.SettledAsync"/>).</summary>
    public Task SettledAsync(CancellationToken cancellationToken = default) => deferred.SettledAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Change listener {Listener} failed on {Kind} #{Sequence}")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener, ForumChangeKind kind, long sequence);
}
