using ForumApp.Core.Accounts;
using ForumApp.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ForumApp.Data.Tests;

/// <summary>
/// A real, empty, migrated database with the data layer's services, for one test: a temporary SQLite file, or a fresh
/// database on the PostgreSQL server named by FORUM_TEST_POSTGRES (scripts/test.sh starts it; a missing server fails
/// the test, it never skips). Tests that run on both providers take the provider in the constructor of an abstract
/// class, with one sealed subclass per provider (<c>SqliteCommentServiceTests</c>, <c>PostgresCommentServiceTests</c>).
/// Data is made through the shared builders (<see cref="Data"/>), which go through the services.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Where a fake clock starts.</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly SemaphoreSlim s_templateLock = new(1, 1);
    private static string? s_template;

    private readonly string? _sqlitePath;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;
    private readonly FakeTimeProvider? _clock;

    private TestDatabase(ServiceProvider services, FakeTimeProvider? clock, string? sqlitePath, string? postgresAdmin, string? postgresName)
    {
        Services = services;
        _clock = clock;
        _sqlitePath = sqlitePath;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public ServiceProvider Services { get; }

    public IDbContextFactory<ForumDbContext> Factory => Services.GetRequiredService<IDbContextFactory<ForumDbContext>>();

    /// <summary>The services' clock, when the database was made with <c>fakeClock: true</c>.</summary>
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("This test database runs on the system clock: create it with fakeClock: true.");

    /// <summary>Essays, accounts and comments made through the data layer's services.</summary>
    public TestData Data => new(Services);

    /// <summary>
    /// Makes and migrates the database. <paramref name="configure"/> runs before the data layer registers its services,
    /// so a service registered there replaces a default (they are TryAdd); with <paramref name="fakeClock"/> the
    /// services' <see cref="TimeProvider"/> is a fake starting at <see cref="ClockStart"/>.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null, bool fakeClock = false)
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
            await CreatePostgresDatabaseAsync(admin, name, await PostgresTemplateAsync(admin));
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Forum"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var clock = fakeClock ? new FakeTimeProvider(ClockStart) : null;
        if (clock is not null)
        {
            services.AddSingleton<TimeProvider>(clock);
        }

        configure?.Invoke(services);
        services.AddForumData(configuration, Path.GetTempPath());
        var built = services.BuildServiceProvider();
        await built.GetRequiredService<DatabaseInitializer>().MigrateAsync(); // a PostgreSQL copy of the template has nothing to do
        return new TestDatabase(built, clock, sqlitePath, admin, name);
    }

    /// <summary>
    /// A database migrated once per test run, that every PostgreSQL test database is copied from: a copy takes a
    /// fraction of a second, migrating a fresh database about a second. Dropped when the test process exits.
    /// </summary>
    private static async Task<string> PostgresTemplateAsync(string admin)
    {
        await s_templateLock.WaitAsync();
        try
        {
            if (s_template is not null)
            {
                return s_template;
            }

            var name = $"forum_tpl_{Guid.NewGuid():N}";
            await CreatePostgresDatabaseAsync(admin, name, template: null);
            // No pooling: a copy is refused while any connection to the template stays open.
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Forum"] = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString,
            };
            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
            services.AddForumData(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath());
            await using (var built = services.BuildServiceProvider())
            {
                await built.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropPostgresDatabaseAsync(admin, name).GetAwaiter().GetResult();
            return s_template = name;
        }
        finally
        {
            s_templateLock.Release();
        }
    }

    private static async Task CreatePostgresDatabaseAsync(string admin, string name, string? template)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task DropPostgresDatabaseAsync(string admin, string name)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// A context to read the database as a request that comes after every write so far would: the deferred listeners
    /// of the change feed (search index, notifications) have handled what was committed.
    /// </summary>
    public async Task<ForumDbContext> ContextAsync()
    {
        await Get<ForumApp.Data.Changes.ForumChangeFeed>().SettledAsync();
        return await Factory.CreateDbContextAsync();
    }

    /// <summary>Imports a one-essay thread titled <paramref name="title"/> (see <see cref="TestData.EssayAsync"/>) and returns its id.</summary>
    public async Task<int> CreateEssayAsync(string title = "AI 민주화") => (await Data.EssayAsync(title)).Id;

    /// <summary>Makes an account (with its author row), displayed as "NAME 님", and returns its user id.</summary>
    public async Task<string> CreateUserAsync(string userName, string role = ForumRoles.Commenter) =>
        (await Data.UserAsync(userName, role, userName + " 님")).Id;

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
            await DropPostgresDatabaseAsync(_postgresAdmin, _postgresName!);
        }
    }
}
