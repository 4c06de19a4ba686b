using ForumApp.Web.Cli;
using Microsoft.Data.Sqlite;

namespace ForumApp.Web.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"forum-cli-{Guid.NewGuid():N}.db");
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private string DbArg => $"--ConnectionStrings:Forum=Data Source={_db}";

    private static string Seed => Path.Combine(ForumWebFactory.RepoRoot, "seeds", "000_f3b697f56e84bfc6.txt");

    [Fact]
    public async Task Import_prints_what_it_created_and_a_second_run_creates_nothing()
    {
        var first = await ForumCli.RunAsync(["import", Seed, DbArg], _out, _err);
        var second = await ForumCli.RunAsync([DbArg, "import", Seed], _out, _err);

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("imported as essay 1, 10 comments, 13 repeated copies collapsed", lines[0], StringComparison.Ordinal);
        Assert.Contains("already imported as essay 1", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_gives_one_line_naming_file_and_line_and_a_non_zero_exit()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(bad, "어제 쓴 글\n본문\n");

        var exit = await ForumCli.RunAsync(["import", bad, DbArg], _out, _err);

        Assert.NotEqual(0, exit);
        var error = Assert.Single(_err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{Path.GetFileName(bad)}:1:", error, StringComparison.Ordinal);
        Assert.Equal("", _out.ToString());
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error()
    {
        var exit = await ForumCli.RunAsync(["import", "/nonexistent/thread.txt", DbArg], _out, _err);

        Assert.NotEqual(0, exit);
        Assert.Contains("thread.txt:1: no such file or folder", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_overrides_are_told_apart_from_the_verb_s_arguments()
    {
        var (config, command) = ForumCli.SplitArguments(["import", "--ConnectionStrings:Forum=Data Source=x.db", "a.txt", "--urls=http://127.0.0.1:1"]);

        Assert.Equal(["--ConnectionStrings:Forum=Data Source=x.db", "--urls=http://127.0.0.1:1"], config);
        Assert.Equal(["import", "a.txt"], command);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_db + suffix);
        }
    }
}
