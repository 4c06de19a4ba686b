using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ForumApp.Data.Changes;

/// <summary>
/// Publishes the changes a <see cref="ForumDbContext"/> recorded once its transaction commits, and forgets them when
/// it rolls back: a listener never hears of a write that did not happen. Every write that records a change runs in a
/// transaction (<see cref="ForumDbContext"/> opens one for a plain SaveChanges), so this is the only way out.
/// </summary>
internal sealed class ChangeFeedInterceptor(ForumChangeFeed feed) : DbTransactionInterceptor
{
    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ForumDbContext)?.EnsureChangesSaved();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is ForumDbContext db && db.HasRecordedChanges)
        {
            throw new InvalidOperationException("A write that records changes must commit with CommitAsync, so that listeners are awaited.");
        }

        return result;
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Taking the changes also lets the next writer in: listeners may write, and must not wait for this one.
        if (eventData.Context is ForumDbContext db && await db.TakeCommittedChangesAsync() is { Count: > 0 } changes)
        {
            // The write is committed: listeners run to the end even if the request that made it is gone.
            await feed.PublishAsync(changes, CancellationToken.None);
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ForumDbContext)?.DiscardRecordedChanges();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as ForumDbContext)?.DiscardRecordedChanges();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ForumDbContext)?.DiscardRecordedChanges();
        return Task.CompletedTask;
    }
}
