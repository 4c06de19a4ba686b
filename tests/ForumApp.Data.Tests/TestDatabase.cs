using ForumApp.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ForumApp.Data.Tests;

/// <summary>
/// A real, empty, migrated database for one test class: a temporary SQLite file, or a fresh database on the
/// PostgreSQL server named by FORUM_TEST_POSTGRES (scripts/test.sh starts it). A missing server fails the test.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(ServiceProvider services, string? sqlitePath, string? postgresAdmin, string? postgresName)
    {
        Services = services;
        _sqlitePath = sqlitePath;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public ServiceProvider Services { get; }

    public IDbContextFactory<ForumDbContext> Factory => Services.GetRequiredService<IDbContextFactory<ForumDbContext>>();

    /// <summary>Essays, accounts and comments made through the data layer's services.</summary>
    public TestData Data => new(Services);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>();
        string? sqlitePath = null, admin = null, name = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            sqlitePath = Path.Combine(Path.GetTempPath(), $"forum-test-{Guid.NewGuid():N}.db");
            settings["ConnectionStrings:Forum"] = $"Data Source={sqlitePath}";
        }
        else
        {
            admin = TestEnvironment.PostgresConnectionString;
            name = $"forum_t_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Forum"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddForumData(configuration, Path.GetTempPath());
        configure?.Invoke(services);
        var provider1 = services.BuildServiceProvider();
        await provider1.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        return new TestDatabase(provider1, sqlitePath, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }

        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
