using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ForumApp.Data;

/// <summary>
/// Group commit for a SQLite file in WAL mode. With <c>synchronous=FULL</c> SQLite calls fsync on the WAL inside every
/// COMMIT, that is while the write gate (<see cref="WriteTransaction"/>) is held: writers then take turns at the speed
/// of the disk's flush (1–3 ms here), whatever else they do. A write unit of work therefore commits with
/// <c>synchronous=NORMAL</c> (the WAL is written, not flushed), lets the next writer in, and then waits here until the
/// WAL file has been flushed to disk (fsync) <em>after</em> its commit; one flush covers every commit made before it
/// started, so writers that committed while a flush ran share the next one. Nothing is answered or published before its
/// flush: a write that a caller was told about is on disk, as with <c>synchronous=FULL</c>. What differs: another reader
/// can see a committed write during the flush (a millisecond or two) before it is durable; a power cut in that
/// moment loses it as it loses an unanswered write, and, the WAL being a sequence, everything written after it too.
/// docs/performance.md ("Reading and posting at scale") gives the measurements and the trade-off.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per database file, kept for the life of the process.")]
internal sealed class SqliteWalFlusher
{
    private static readonly ConcurrentDictionary<string, SqliteWalFlusher> ByFile = new(StringComparer.Ordinal);

    private readonly string _walPath;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _committed;
    private long _flushed;

    private SqliteWalFlusher(string walPath) => _walPath = walPath;

    /// <summary>The flusher of the database file a connection string names; null for an in-memory database.</summary>
    public static SqliteWalFlusher? For(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return null;
        }

        var path = Path.GetFullPath(builder.DataSource);
        return ByFile.GetOrAdd(path, p => new SqliteWalFlusher(p + "-wal"));
    }

    /// <summary>Takes a ticket for a commit that has just completed (call it after COMMIT returned).</summary>
    public long Committed() => Interlocked.Increment(ref _committed);

    /// <summary>Returns once the WAL has been flushed after the commit of <paramref name="ticket"/>.</summary>
    public async Task FlushAsync(long ticket)
    {
        if (Volatile.Read(ref _flushed) >= ticket)
        {
            return;
        }

        // Not cancellable: the commit is done, and its caller must not hear of it before it is on disk.
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            if (Volatile.Read(ref _flushed) >= ticket)
            {
                return; // a flush that started after this commit covered it
            }

            // Every commit numbered up to here has returned from COMMIT, so its frames are in the file already.
            // Flushed on this thread: one fsync (a fraction of a millisecond on a quiet disk) costs less than the two thread
            // hops of handing it to another, and only one writer at a time is ever here.
            var upTo = Volatile.Read(ref _committed);
            Flush();
            Volatile.Write(ref _flushed, upTo);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void Flush()
    {
        try
        {
            // Opened anew each time: SQLite may delete and recreate the WAL file, and an old handle would flush nothing.
            using var wal = File.OpenHandle(_walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(wal);
        }
        catch (FileNotFoundException)
        {
            // No WAL file: the last connection checkpointed it into the database, which SQLite flushed before deleting it.
        }
    }
}
