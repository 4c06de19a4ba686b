using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Tests;

public abstract class MigrationTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_model_has_no_changes_without_a_migration()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var context = await db.Factory.CreateDbContextAsync();

        Assert.False(context.Database.HasPendingModelChanges(), $"The {provider} model changed: add a migration (see docs/operations.md).");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }
}

public sealed class SqliteMigrationTests() : MigrationTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task The_database_file_runs_in_WAL_mode()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = await db.Factory.CreateDbContextAsync();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}

public sealed class PostgresMigrationTests() : MigrationTests(DatabaseProvider.Postgres);

/// <summary>Both providers' models against their migrations, without a server (see also the per-provider tests above).</summary>
public sealed class ModelTests
{
    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        using var sqlite = new SqliteForumDbContext(new DbContextOptionsBuilder<SqliteForumDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresForumDbContext(new DbContextOptionsBuilder<PostgresForumDbContext>().UseNpgsql("Host=localhost").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges());
        Assert.False(postgres.Database.HasPendingModelChanges());
    }
}
