using System.Text.Json;
using System.Threading.Channels;
using ForumApp.Core.Changes;
using ForumApp.Data;
using ForumApp.Data.Changes;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace ForumApp.Web.Cluster;

/// <summary>
/// Keeps the nodes of a forum in step (on when <c>ConnectionStrings:Redis</c> is set). Every change this node commits
/// is published on a Redis channel; every change another node publishes is handed to this node's listeners (caches,
/// the near-duplicate index, live readers), marked <see cref="ForumChange.Relayed"/>. Redis is the fast path, the change
/// log in the database the truth: a follower reads the log for anything not seen yet, every second while Redis is away
/// and every few seconds otherwise, so a node never misses a change for good. When Redis comes back after an outage,
/// the node also drops its caches and near-duplicate indexes and rebuilds them from the database.
/// </summary>
public sealed partial class ClusterSync(
    IConnectionMultiplexer redis,
    ForumChangeFeed feed,
    IDbContextFactory<ForumDbContext> dbFactory,
    ClusterOptions options,
    IEnumerable<ICacheReset> caches,
    ILogger<ClusterSync> logger) : BackgroundService, IForumChangeListener
{
    /// <summary>The Redis channel the nodes talk on.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("forumapp:changes");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SeenChanges _seen = new();
    private readonly Channel<ForumChange> _outbox = System.Threading.Channels.Channel.CreateUnbounded<ForumChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly Lock _dispatch = new();
    private volatile bool _redisWasDown;

    /// <summary>This node's name in the messages (so it ignores its own).</summary>
    public string Node => options.NodeName;

    /// <summary>The highest change sequence this node has seen (its own or relayed).</summary>
    public long LastSeen => _seen.Highest;

    /// <inheritdoc />
    public Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.Relayed && _seen.Add(change.Sequence))
        {
            _outbox.Writer.TryWrite(change); // published in the background: the write path never waits for Redis
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _seen.Start(await HighestInLogAsync(stoppingToken));
        var subscriber = redis.GetSubscriber();
        redis.ConnectionFailed += (_, _) => _redisWasDown = true;
        redis.ConnectionRestored += (_, _) => _wake.Release();
        await subscriber.SubscribeAsync(Channel, (_, message) => Received(message));
        var publishing = PublishLoopAsync(subscriber, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = redis.IsConnected ? options.FollowInterval : options.FollowIntervalWithoutRedis;
            try
            {
                await _wake.WaitAsync(interval, stoppingToken);
                if (_redisWasDown && redis.IsConnected)
                {
                    _redisWasDown = false;
                    LogRedisBack(logger);
                    foreach (var cache in caches)
                    {
                        await cache.ResetAsync(stoppingToken);
                    }
                }

                await FollowLogAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a failed round is logged and the next one tries again; the node keeps serving
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFollowFailed(logger, e);
            }
        }

        await publishing;
    }

    private void Received(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);
            if (envelope is null || envelope.Node == Node || !_seen.Add(envelope.Change.Sequence))
            {
                return;
            }

            // Dispatched in order of arrival, one at a time, off Redis's own thread.
            _ = Task.Run(() => DispatchAsync([envelope.Change with { Relayed = true }]));
        }
        catch (JsonException e)
        {
            LogBadMessage(logger, e);
        }
    }

    private async Task DispatchAsync(IReadOnlyList<ForumChange> changes)
    {
        Task publish;
        lock (_dispatch)
        {
            publish = feed.PublishAsync(changes);
        }

        await publish;
    }

    // Anything committed that this node has not seen: changes relayed while Redis was away, and (on PostgreSQL) a
    // change whose sequence was taken before another's but committed after it.
    private async Task FollowLogAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = _seen.Highest - options.Window;
        var entries = await db.ChangeLog.AsNoTracking().Where(e => e.Id > from).OrderBy(e => e.Id).Take(5_000).ToListAsync(cancellationToken);
        var missed = entries.Where(e => _seen.Add(e.Id)).Select(e => e.ToChange() with { Relayed = true }).ToList();
        if (missed.Count > 0)
        {
            LogCaughtUp(logger, missed.Count);
            await DispatchAsync(missed);
        }
    }

    private async Task PublishLoopAsync(ISubscriber subscriber, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await subscriber.PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(Node, change), Json));
                }
                catch (RedisException e)
                {
                    // The other nodes read it from the change log instead.
                    LogPublishFailed(logger, e, change.Sequence);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<long> HighestInLogAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChangeLog.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private sealed record Envelope(string Node, ForumChange Change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is back: caches and near-duplicate indexes dropped, catching up from the change log")]
    private static partial void LogRedisBack(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up {Count} changes from the change log")]
    private static partial void LogCaughtUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the change log failed; trying again")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing change {Sequence} on Redis failed; other nodes read it from the change log")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on the changes channel could not be read")]
    private static partial void LogBadMessage(ILogger logger, Exception exception);
}

/// <summary>The sequences a node has seen, to hand every change to its listeners once.</summary>
internal sealed class SeenChanges
{
    private const int Keep = 20_000;
    private readonly HashSet<long> _seen = [];
    private readonly Lock _lock = new();
    private long _highest;
    private long _floor;

    public long Highest
    {
        get
        {
            lock (_lock)
            {
                return _highest;
            }
        }
    }

    /// <summary>Starts after <paramref name="sequence"/>: what was committed before the node started is in the database already.</summary>
    public void Start(long sequence)
    {
        lock (_lock)
        {
            _floor = Math.Max(_floor, sequence);
            _highest = Math.Max(_highest, sequence);
        }
    }

    /// <summary>True the first time a sequence is added (false for one seen before, or from before the start).</summary>
    public bool Add(long sequence)
    {
        lock (_lock)
        {
            if (sequence <= _floor || !_seen.Add(sequence))
            {
                return false;
            }

            _highest = Math.Max(_highest, sequence);
            if (_seen.Count > Keep)
            {
                _floor = _highest - (Keep / 2);
                _seen.RemoveWhere(s => s <= _floor);
            }

            return true;
        }
    }
}

/// <summary>A cache a node drops when it may have missed changes (Redis was away).</summary>
public interface ICacheReset
{
    /// <summary>Forgets everything; it is rebuilt from the database on use.</summary>
    Task ResetAsync(CancellationToken cancellationToken = default);
}
