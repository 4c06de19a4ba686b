using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Web.Cli;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Moderation;

public sealed class ModerationCliTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ForumCli.RunAsync([.. args, $"--ConnectionStrings:Forum={app.ConnectionString}"], stdout, stderr, new StringReader(""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Dedup_scan_queues_different_authors_copies_and_prints_one_summary_line()
    {
        var essay = await app.CreateEssayAsync();
        var a = await app.CreateUserAsync("scan-a");
        var b = await app.CreateUserAsync("scan-b");
        const string text = "두 사람이 같은 문장을 올렸습니다. 일괄 검사는 이것을 운영자 대기열에 올려야 합니다.";
        Assert.True((await app.Client(a.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = text })).IsSuccessStatusCode);
        Assert.True((await app.Client(b.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = text })).IsSuccessStatusCode);

        var first = await RunAsync("dedup", "scan", "--essay", essay.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var second = await RunAsync("dedup", "scan");

        Assert.True(first.Code == 0, first.Err);
        Assert.Single(first.Out.Trim().Split('\n'));
        Assert.Contains("scanned 1 essays", first.Out, StringComparison.Ordinal);
        Assert.Contains("0 merged automatically", first.Out, StringComparison.Ordinal);
        Assert.Contains("scan: 100%", first.Err, StringComparison.Ordinal);
        Assert.True(second.Code == 0, second.Err);
        Assert.Contains(" 0 new suggestions", second.Out, StringComparison.Ordinal);
        var moderator = await app.CreateUserAsync("scan-mod", ForumRoles.Moderator);
        var audit = await app.Client(moderator.Token).GetFromJsonAsync<JsonElement>("/api/moderation/audit?action=scan&actor=cli");
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Dedup_file_json_still_parses_next_to_the_scan_subcommand()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["같은 줄입니다. 충분히 긴 문장이어야 합니다.", "다른 줄", "같은 줄입니다. 충분히 긴 문장이어야 합니다."]);
        try
        {
            var (code, output, error) = await RunAsync("dedup", file, "--json");

            Assert.True(code == 0, error);
            var clusters = JsonDocument.Parse(output).RootElement.GetProperty("clusters");
            Assert.Equal([1, 3], Assert.Single(clusters.EnumerateArray()).GetProperty("members").EnumerateArray().Select(m => m.GetInt32()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Dedup_scan_on_an_unreachable_database_fails_with_one_line()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await ForumCli.RunAsync(
            ["dedup", "scan", "--Database:Provider=Postgres", "--ConnectionStrings:Forum=Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2"],
            stdout, stderr, new StringReader(""));

        Assert.NotEqual(0, code);
        Assert.Equal("", stdout.ToString());
        var lines = stderr.ToString().Trim().Split('\n');
        Assert.StartsWith("dedup scan failed: ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_role_changes_the_role_records_it_and_refuses_unknown_roles_and_accounts()
    {
        var user = await app.CreateUserAsync("promote-me");

        var promoted = await RunAsync("users", "role", "promote-me", "moderator");
        var badRole = await RunAsync("users", "role", "promote-me", "emperor");
        var nobody = await RunAsync("users", "role", "nobody-here", "admin");

        Assert.True(promoted.Code == 0, promoted.Err);
        Assert.Equal("promote-me is now moderator", promoted.Out.Trim());
        Assert.NotEqual(0, badRole.Code);
        Assert.Contains("역할", badRole.Err, StringComparison.Ordinal);
        Assert.NotEqual(0, nobody.Code);
        var audit = await app.Client(user.Token).GetFromJsonAsync<JsonElement>("/api/moderation/audit?action=role-change");
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("cli", entry.GetProperty("actor").GetString());
        Assert.Equal($"user:{user.Id}", entry.GetProperty("target").GetString());
    }
}
