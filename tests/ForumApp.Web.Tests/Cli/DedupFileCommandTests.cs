using System.Text;
using ForumApp.Web.Cli;

namespace ForumApp.Web.Tests.Cli;

public sealed class DedupFileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dedup-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(byte[] bytes)
    {
        var path = Path.Combine(_dir, "input.txt");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Out, string Err) Run(string path, bool json)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = DedupFileCommand.Run(path, json, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Json_reports_only_clusters_with_one_based_line_numbers_counting_blank_lines()
    {
        var path = WriteFile(Encoding.UTF8.GetBytes(
            "저도 계속 팔로우하면서 의견 나누고 싶네요.\n\n두 생태계에서의 AI의 모습 궁금하네요.\r\n \u3000\u00A0\t \n저도 계속 팔로우하면서 의견 나누고 싶네요!!\n"));

        var (code, stdout, stderr) = Run(path, json: true);

        Assert.Equal(0, code);
        Assert.Equal("{\"clusters\":[{\"canonical\":1,\"members\":[1,5],\"kind\":\"exact\",\"score\":1.0}]}", stdout.Trim());
        Assert.Empty(stderr);
    }

    [Fact]
    public void Json_of_a_file_without_duplicates_is_an_empty_cluster_list()
    {
        var path = WriteFile(Encoding.UTF8.GetBytes("하나\n둘\n"));

        Assert.Equal("{\"clusters\":[]}", Run(path, json: true).Out.Trim());
    }

    [Fact]
    public void Seed_thread_json_lists_thirteen_exact_clusters()
    {
        var (code, stdout, _) = Run(TestEnvironment.SeedThread, json: true);

        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var clusters = doc.RootElement.GetProperty("clusters");
        Assert.Equal(13, clusters.GetArrayLength());
        Assert.Contains(clusters.EnumerateArray(), c => c.GetProperty("canonical").GetInt32() == 12
            && c.GetProperty("members").EnumerateArray().Select(m => m.GetInt32()).SequenceEqual([12, 19]));
    }

    [Fact]
    public void Table_mode_prints_a_summary_and_one_row_per_cluster()
    {
        var path = WriteFile(Encoding.UTF8.GetBytes("감사합니다\n감사합니다.\n다른 글\n"));

        var (code, stdout, _) = Run(path, json: false);

        Assert.Equal(0, code);
        Assert.StartsWith("3 texts, 1 clusters, 1 duplicates", stdout, StringComparison.Ordinal);
        Assert.Contains("exact", stdout, StringComparison.Ordinal);
        Assert.Contains("1, 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_gives_one_line_naming_it_and_exit_code_2()
    {
        var path = Path.Combine(_dir, "nope.txt");

        var (code, stdout, stderr) = Run(path, json: true);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains(path, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_gives_one_line_naming_the_file_and_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes("첫 줄\n둘째 줄\n").Concat(new byte[] { 0xEC, 0x28, 0xA1, (byte)'\n' }).ToArray();
        var path = WriteFile(bytes);

        var (code, stdout, stderr) = Run(path, json: false);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_instead_of_a_file_is_reported_as_unreadable()
    {
        var (code, stdout, stderr) = Run(_dir, json: true);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(_dir, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_goes_to_stderr_only_when_asked_and_never_to_stdout()
    {
        var lines = Enumerable.Range(0, 50_000).Select(i => $"{i}번째 댓글입니다. 오늘도 좋은 하루 보내세요 {i * 7}");
        var path = WriteFile(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var quiet = Run(path, json: true);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = DedupFileCommand.Run(path, json: true, stdout, stderr, showProgress: true, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Empty(quiet.Err);
        Assert.Contains("50,000 texts", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(quiet.Out, stdout.ToString());
        Assert.StartsWith("{\"clusters\":[", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_and_crlf_endings_are_read_whole()
    {
        var longLine = string.Concat(Enumerable.Repeat("아주 긴 댓글의 한 부분입니다. ", 60_000));
        var path = WriteFile(Encoding.UTF8.GetBytes($"\uFEFF{longLine}\r\n짧은 줄\r\n{longLine}\r\n"));

        var (code, stdout, _) = Run(path, json: true);

        Assert.Equal(0, code);
        Assert.Equal("{\"clusters\":[{\"canonical\":1,\"members\":[1,3],\"kind\":\"exact\",\"score\":1.0}]}", stdout.Trim());
    }
}
