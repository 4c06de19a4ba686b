using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Backup;

/// <summary>A finished backup: where it is, how big, what it holds, and SQLite's verdict on it.</summary>
public sealed record BackupResult(string Path, long Bytes, int Essays, int Comments, string IntegrityCheck);

/// <summary>
/// An online, consistent copy of the SQLite database while the forum runs: <c>VACUUM INTO</c> reads one snapshot
/// (a read transaction, so in WAL mode writers go on and the copy holds exactly the transactions committed before it
/// started), writes a compact new file, and the copy is then opened read-only and checked with
/// <c>PRAGMA integrity_check</c>. Restoring is copying the file back while the server is stopped (docs/operations.md).
/// </summary>
public sealed class SqliteBackupService(IDbContextFactory<ForumDbContext> dbFactory, DatabaseOptions options)
{
    /// <summary>Writes the copy to <paramref name="destination"/>, which must not exist yet.</summary>
    /// <exception cref="InvalidOperationException">The database is not SQLite, or the destination exists.</exception>
    public async Task<BackupResult> BackupAsync(string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("backup copies a SQLite database; for PostgreSQL use pg_dump (docs/operations.md).");
        }

        var path = Path.GetFullPath(destination);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new InvalidOperationException($"{path} already exists; a backup never overwrites anything.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (!File.Exists(source))
            {
                throw new InvalidOperationException($"there is no database at {source} to back up.");
            }

            // Outside any transaction (VACUUM refuses to run inside one); the path is a bound parameter.
            await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [path], cancellationToken);
        }

        return await VerifyAsync(path, cancellationToken);
    }

    /// <summary>Opens a backup read-only: SQLite's integrity check and what it holds.</summary>
    public static async Task<BackupResult> VerifyAsync(string path, CancellationToken cancellationToken = default)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var check = await ScalarAsync<string>(connection, "PRAGMA integrity_check", cancellationToken);
        var essays = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM Essays", cancellationToken);
        var comments = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM Comments", cancellationToken);
        return new BackupResult(path, new FileInfo(path).Length, (int)essays, (int)comments, check);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
