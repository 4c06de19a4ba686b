using ForumApp.Web.Cli;
using Microsoft.Data.Sqlite;

namespace ForumApp.Web.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"forum-cli-{Guid.NewGuid():N}.db");
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private string DbArg => $"--ConnectionStrings:Forum=Data Source={_db}";

    private static string Seed => TestEnvironment.SeedThread;

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

public sealed class DedupCommandTests
{
    [Fact]
    public async Task Dedup_json_prints_only_the_clusters_of_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dedup-{Guid.NewGuid():N}.txt");
        var nfd = "두 생태계에서의 AI의 모습이 정말 궁금하네요.".Normalize(System.Text.NormalizationForm.FormD);
        await File.WriteAllLinesAsync(path, ["두 생태계에서의 AI의 모습이 정말 궁금하네요.", "", "전혀 다른 이야기를 하는 댓글입니다.", nfd]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await ForumCli.RunAsync(["dedup", path, "--json"], stdout, stderr);

        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var cluster = Assert.Single(doc.RootElement.GetProperty("clusters").EnumerateArray());
        Assert.Equal(1, cluster.GetProperty("canonical").GetInt32());
        Assert.Equal([1, 4], cluster.GetProperty("members").EnumerateArray().Select(m => m.GetInt32()));
        Assert.Equal("exact", cluster.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Dedup_of_a_missing_file_is_one_line_and_a_non_zero_exit()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await ForumCli.RunAsync(["dedup", "/nonexistent/comments.txt", "--json"], stdout, stderr);

        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout.ToString());
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

public sealed class ExecutableOutputTests
{
    [Fact]
    public async Task The_app_executable_prints_only_the_json_on_stdout()
    {
        var file = Path.Combine(Path.GetTempPath(), $"dedup-exe-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file, ["AI 민주화는 모두의 일입니다. 정말 그렇습니다.", "", "AI 민주화는 모두의 일입니다. 정말 그렇습니다."]);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ForumApp.Web.dll"), "dedup", file, "--json" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("{\"clusters\":[{\"canonical\":1,\"members\":[1,3],\"kind\":\"exact\",\"score\":1.0}]}", stdout.Trim());
    }

    [Fact]
    public void There_is_no_launch_profile_whose_banner_would_reach_stdout()
    {
        // `dotnet run` prints "Using launch settings from …" on stdout when a launch profile exists, ahead of the JSON.
        Assert.False(File.Exists(Path.Combine(TestEnvironment.RepoRoot, "src", "ForumApp.Web", "Properties", "launchSettings.json")));
    }
}
