namespace ForumApp.Core.Essays;

/// <summary>
/// Told after every committed change that readers of an essay would see (a comment posted, edited, deleted, merged or
/// restored; an essay imported). The web host uses it to evict cached pages; live updates to readers on every node
/// (PostgreSQL + Redis) will hang off the same call.
/// </summary>
public interface IEssayChangeNotifier
{
    /// <summary>The essay <paramref name="essayId"/> (its page, its comment count in lists) changed.</summary>
    Task EssayChangedAsync(int essayId, CancellationToken cancellationToken = default);
}

/// <summary>For hosts without caches or listeners (the command line, tests of the data layer).</summary>
public sealed class NoEssayChangeNotifier : IEssayChangeNotifier
{
    /// <inheritdoc />
    public Task EssayChangedAsync(int essayId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
