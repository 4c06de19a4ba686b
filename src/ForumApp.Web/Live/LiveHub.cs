using System.Collections.Concurrent;
using System.Threading.Channels;
using ForumApp.Core.Changes;
using ForumApp.Data.Diagnostics;

namespace ForumApp.Web.Live;

/// <summary>
/// Hands every committed change of an essay to the readers whose event stream is open on it. A listener of the change
/// feed (local changes, and on several nodes the changes other nodes relay). Each reader has a small bounded queue: a
/// reader too slow to keep up is disconnected and resumes from its last event id, rather than holding memory or
/// holding up the others.
/// </summary>
public sealed class LiveHub : IForumChangeListener
{
    /// <summary>How many changes may wait for one slow reader before it is cut off (it reconnects and resumes).</summary>
    public const int QueueLimit = 256;

    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Subscription, byte>> _readers = new();
    private int _count;

    /// <summary>Creates the hub and its gauge of open streams.</summary>
    public LiveHub(ForumMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.ObserveLiveConnections(() => Volatile.Read(ref _count));
    }

    /// <summary>Open event streams, on this node.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts receiving the changes of <paramref name="essayId"/>; dispose the subscription to stop.</summary>
    public Subscription Subscribe(int essayId)
    {
        var subscription = new Subscription(this, essayId);
        _readers.GetOrAdd(essayId, _ => new ConcurrentDictionary<Subscription, byte>())[subscription] = 0;
        Interlocked.Increment(ref _count);
        return subscription;
    }

    /// <inheritdoc />
    public Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EssayId is int essayId && _readers.TryGetValue(essayId, out var readers))
        {
            foreach (var reader in readers.Keys)
            {
                if (!reader.Changes.Writer.TryWrite(change))
                {
                    reader.Changes.Writer.TryComplete(); // too far behind: the stream ends and the browser resumes
                }
            }
        }

        return Task.CompletedTask;
    }

    private void Remove(Subscription subscription)
    {
        if (_readers.TryGetValue(subscription.EssayId, out var readers) && readers.TryRemove(subscription, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>One reader's open stream on one essay.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly LiveHub _hub;

        internal Subscription(LiveHub hub, int essayId)
        {
            _hub = hub;
            EssayId = essayId;
        }

        /// <summary>The essay followed.</summary>
        public int EssayId { get; }

        /// <summary>The changes waiting to be sent, in feed order.</summary>
        public Channel<ForumChange> Changes { get; } = Channel.CreateBounded<ForumChange>(new BoundedChannelOptions(QueueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });

        /// <inheritdoc />
        public void Dispose()
        {
            Changes.Writer.TryComplete();
            _hub.Remove(this);
        }
    }
}
