using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace ForumApp.Web.Tests;

/// <summary>The real app on a fresh SQLite file, with the repository's seeds imported on start.</summary>
public class ForumWebFactory : WebApplicationFactory<Program>
{
    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"forum-web-{Guid.NewGuid():N}.db");

    public static string RepoRoot { get; } = FindRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Forum", $"Data Source={_dbPath}");
        builder.UseSetting("Seed:Folder", Path.Combine(RepoRoot, "seeds"));
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_dbPath + suffix);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForumApp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ForumApp.sln not found");
    }
}
