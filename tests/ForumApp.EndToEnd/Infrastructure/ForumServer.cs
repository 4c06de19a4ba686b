using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The real app on a real Kestrel socket (a browser cannot reach the in-memory TestServer),
/// on a loopback port chosen by the OS and a fresh SQLite file that the seed is imported into.
/// </summary>
public sealed class ForumServer : WebApplicationFactory<Program>, IForumServer
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"forum-e2e-{Guid.NewGuid():N}.db");
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Extra configuration applied after the defaults, e.g. "Posting:NewAccountInterval" = "00:00:00".</param>
    public ForumServer(IReadOnlyDictionary<string, string>? settings = null)
    {
        // Set before StartServer: ConfigureWebHost runs inside it.
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel();
        StartServer();
    }

    /// <summary>The server's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Port 0 is only allowed on an IP address, not on "localhost".
        builder.UseUrls("http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:Forum", $"Data Source={_databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Seed:Folder", TestEnvironment.SeedFolder);
        builder.UseSetting("Memory:TrimAfterStart", "false"); // a host per test class: no full collection and page-out each time
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
