using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ForumApp.Web.Cluster;

/// <summary>
/// A lock on background work that must run once in the whole forum, not once per node (the duplicate scan). One node
/// takes it; the others are told it is held. Held while the work runs, released when disposed.
/// </summary>
public interface IWorkLock
{
    /// <summary>Takes the lock named <paramref name="name"/>, or returns null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryTakeAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>One node: the lock is this process's.</summary>
public sealed class LocalWorkLock : IWorkLock
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IAsyncDisposable?> TryTakeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAsyncDisposable?>(_held.TryAdd(name, 0) ? new Release(() => _held.TryRemove(name, out _)) : null);

    private sealed class Release(Action release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            release();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Several nodes: a Redis lock with a lease, renewed while the work runs (a node that dies lets it expire).</summary>
public sealed class RedisWorkLock(IConnectionMultiplexer redis, ClusterOptions options) : IWorkLock
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryTakeAsync(string name, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        var key = new RedisKey("forumapp:lock:" + name);
        var token = new RedisValue(options.NodeName + ":" + Guid.NewGuid().ToString("N"));
        if (!await db.LockTakeAsync(key, token, Lease))
        {
            return null;
        }

        var stop = new CancellationTokenSource();
        var renewing = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Lease / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    await db.LockExtendAsync(key, token, Lease);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (RedisException)
            {
                // Redis away: the lease runs out and another node may take the work over later.
            }
        }, CancellationToken.None);
        return new Held(db, key, token, stop, renewing);
    }

    private sealed class Held(IDatabase db, RedisKey key, RedisValue token, CancellationTokenSource stop, Task renewing) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewing;
            stop.Dispose();
            try
            {
                await db.LockReleaseAsync(key, token);
            }
            catch (RedisException)
            {
                // It expires by itself.
            }
        }
    }
}
