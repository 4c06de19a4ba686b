using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ForumApp.Data;

/// <summary>
/// A write unit of work: the database transaction, and on SQLite the file's write gate. SQLite lets one writer in at a
/// time; writers that collide get SQLITE_BUSY and Microsoft.Data.Sqlite retries them by sleeping, which under load
/// turns into waits of a tenth of a second and more. Queueing the writers of this process on an async gate first makes
/// them take turns without sleeping (PostgreSQL needs no gate: its row locks are fine-grained). On a SQLite file in WAL
/// mode the flush to disk happens after the gate is released and is shared by the writers that committed meanwhile
/// (<see cref="SqliteWalFlusher"/>): the commit returns only once the write is on disk.
/// Start one with <see cref="ForumDbContextWriteExtensions.BeginWriteAsync"/>.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    // WAL files whose journal mode was seen to be WAL (it is kept in the file: checked once per database).
    private static readonly ConcurrentDictionary<string, SqliteWalFlusher> WalFiles = new(StringComparer.Ordinal);

    private readonly ForumDbContext _db;
    private readonly IDbContextTransaction _transaction;
    private readonly SqliteWalFlusher? _flusher;
    private SemaphoreSlim? _gate;
    private long _ticket;

    private WriteTransaction(ForumDbContext db, IDbContextTransaction transaction, SemaphoreSlim? gate, SqliteWalFlusher? flusher)
    {
        _db = db;
        _transaction = transaction;
        _gate = gate;
        _flusher = flusher;
    }

    /// <summary>Commits and returns once the commit is on disk; the change feed publishes what the unit of work recorded.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _transaction.CommitAsync(cancellationToken);
        await MakeDurableAsync(); // done already when the change feed's interceptor ran (it flushes before publishing)
    }

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
            if (_flusher is not null)
            {
                await RestoreFullSyncAsync();
            }
        }
    }

    /// <summary>
    /// After the commit (the gate already released): waits until the WAL is flushed past it. Nothing to do on PostgreSQL,
    /// whose COMMIT is durable itself, or where the commit was already flushed.
    /// </summary>
    internal Task MakeDurableAsync()
    {
        if (_flusher is null)
        {
            return Task.CompletedTask;
        }

        if (_ticket == 0)
        {
            _ticket = _flusher.Committed();
        }

        return _flusher.FlushAsync(_ticket);
    }

    // The connection goes back to the pool as every other connection is: synchronous=FULL, each commit flushed.
    private async Task RestoreFullSyncAsync()
    {
        try
        {
            await SetSynchronousAsync(_db, "FULL", CancellationToken.None);
        }
#pragma warning disable CA1031 // the unit of work has ended (committed or rolled back): its outcome is what the caller must hear
        catch (Exception) when (_db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection connection)
#pragma warning restore CA1031
        {
            // A connection whose setting could not be restored is never lent again. Not rethrown: a committed write
            // reported as failed would be written again by a careful caller (and the rollback's own error would be lost).
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
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
        SqliteWalFlusher? flusher = null;
        try
        {
            if (db.Database.IsSqlite())
            {
                var connectionString = db.Database.GetConnectionString() ?? "";
                flusher = await WalFlusherAsync(db, connectionString, cancellationToken);
                if (flusher is not null)
                {
                    // Before the gate, so that the gate holds only the transaction. The connection stays open until the
                    // transaction is disposed, so that synchronous is restored on this same connection.
                    await db.Database.OpenConnectionAsync(cancellationToken);
                    await SetSynchronousAsync(db, "NORMAL", cancellationToken);
                }

                var waiting = Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
                await waiting.WaitAsync(cancellationToken);
                gate = waiting;
            }

            var write = new WriteTransaction(db, await db.Database.BeginTransactionAsync(cancellationToken), gate, flusher);
            db.ActiveWrite = write;
            return write;
        }
        catch
        {
            gate?.Release();
            if (flusher is not null && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                await SetSynchronousAsync(db, "FULL", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }

            throw;
        }
    }

    // On the open connection, as a plain command: a setting, not SQL work, so EF's command pipeline (logging,
    // interceptors, diagnostics) is left out of the two that every write unit makes.
    private static async Task SetSynchronousAsync(ForumDbContext db, string mode, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = mode == "FULL" ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The flusher of a file database in WAL mode; null otherwise (in memory, or another journal mode: commits stay FULL).
    private static async Task<SqliteWalFlusher?> WalFlusherAsync(ForumDbContext db, string connectionString, CancellationToken cancellationToken)
    {
        if (WalFiles.TryGetValue(connectionString, out var known))
        {
            return known;
        }

        if (SqliteWalFlusher.For(connectionString) is not { } flusher)
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            if (!string.Equals(await command.ExecuteScalarAsync(cancellationToken) as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        WalFiles[connectionString] = flusher;
        return flusher;
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
