using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ForumApp.Data;

/// <summary>
/// A write unit of work: the database transaction, and on SQLite the file's write gate. SQLite lets one writer in at a
/// time; writers that collide get SQLITE_BUSY and Microsoft.Data.Sqlite retries them by sleeping, which under load
/// turns into waits of a tenth of a second and more. Queueing the writers of this process on an async gate first makes
/// them take turns without sleeping (PostgreSQL needs no gate: its row locks are fine-grained).
/// Start one with <see cref="ForumDbContextWriteExtensions.BeginWriteAsync"/>.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly IDbContextTransaction _transaction;
    private SemaphoreSlim? _gate;

    private WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim? gate)
    {
        _transaction = transaction;
        _gate = gate;
    }

    /// <summary>Commits; the change feed publishes what the unit of work recorded.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => _transaction.CommitAsync(cancellationToken);

    /// <summary>Ends the transaction (rolling back if it was not committed) and lets the next writer in.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
        }
        finally
        {
            ReleaseGate();
        }
    }

    /// <summary>
    /// Lets the next writer in once this one has committed: the change feed's listeners run after the commit and may
    /// write themselves, so they must not wait for a gate their own unit of work still holds.
    /// </summary>
    internal void ReleaseGate() => Interlocked.Exchange(ref _gate, null)?.Release();

    internal static async Task<WriteTransaction> BeginAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        SemaphoreSlim? gate = null;
        if (db.Database.IsSqlite())
        {
            gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            var write = new WriteTransaction(await db.Database.BeginTransactionAsync(cancellationToken), gate);
            db.ActiveWrite = write;
            return write;
        }
        catch
        {
            gate?.Release();
            throw;
        }
    }
}

/// <summary>Starts write units of work.</summary>
public static class ForumDbContextWriteExtensions
{
    /// <summary>Begins a write transaction (behind the SQLite write gate); dispose it to end it.</summary>
    public static Task<WriteTransaction> BeginWriteAsync(this ForumDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return WriteTransaction.BeginAsync(db, cancellationToken);
    }
}
