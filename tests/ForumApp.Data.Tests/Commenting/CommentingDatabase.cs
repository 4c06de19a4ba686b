using ForumApp.Core.Accounts;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ForumApp.Data.Tests.Commenting;

/// <summary>
/// A fresh SQLite database in a temporary file with the data layer's services, a fake clock, and the shared builders
/// (<see cref="TestData"/>) for essays and accounts. Disposing deletes the file.
/// </summary>
public sealed class CommentingDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private CommentingDatabase(string folder, ServiceProvider services, FakeTimeProvider clock)
    {
        _folder = folder;
        Services = services;
        Clock = clock;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<CommentingDatabase> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "forum-commenting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Forum"] = $"Data Source={Path.Combine(folder, "forum.db")};Pooling=false",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services); // before AddForumData: its defaults are TryAdd
        services.AddForumData(config, folder);
        var provider = services.BuildServiceProvider();
        var db = new CommentingDatabase(folder, provider, clock);
        await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        return db;
    }

    public async Task<ForumDbContext> ContextAsync() =>
        await Get<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();

    /// <summary>Essays, accounts and comments made through the data layer's services.</summary>
    public TestData Data => new(Services);

    /// <summary>Imports a one-essay thread titled <paramref name="title"/> and returns its id.</summary>
    public async Task<int> CreateEssayAsync(string title = "AI 민주화") => (await Data.EssayAsync(title)).Id;

    /// <summary>Makes an account (with its author row), displayed as "NAME 님", and returns its user id.</summary>
    public async Task<string> CreateUserAsync(string userName, string role = ForumRoles.Commenter) =>
        (await Data.UserAsync(userName, role, userName + " 님")).Id;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine is left for the OS to clean up.
        }
    }
}
