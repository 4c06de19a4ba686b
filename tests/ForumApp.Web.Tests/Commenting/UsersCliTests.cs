using System.Net;
using System.Net.Http.Json;
using ForumApp.Web.Cli;

namespace ForumApp.Web.Tests.Commenting;

public sealed class UsersCliTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private async Task<(int Code, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ForumCli.RunAsync([.. args, $"--ConnectionStrings:Forum={app.ConnectionString}"], stdout, stderr, new StringReader(stdin));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Users_add_with_token_prints_a_working_token_last_and_revoke_token_stops_it()
    {
        var essay = await app.CreateEssayAsync(); // starts the app: its database exists and is migrated

        var (code, output, error) = await RunAsync("password-1234\n", "users", "add", "cli-mod", "--role", "moderator", "--token");

        Assert.True(code == 0, error);
        var token = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("fa_", token, StringComparison.Ordinal);
        var posted = await app.Client(token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "명령줄에서 만든 계정의 글" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var revoked = await RunAsync("", "users", "revoke-token", "cli-mod");
        Assert.Equal(0, revoked.Code);
        var after = await app.Client(token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "취소된 토큰으로 쓴 글" });
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Users_add_without_a_password_or_with_an_unknown_role_fails_clearly()
    {
        await app.CreateEssayAsync();

        var noPassword = await RunAsync("", "users", "add", "nopass");
        var badRole = await RunAsync("password-1234\n", "users", "add", "badrole", "--role", "emperor");

        Assert.NotEqual(0, noPassword.Code);
        Assert.Contains("password", noPassword.Err, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, badRole.Code);
        Assert.Contains("역할", badRole.Err, StringComparison.Ordinal);
    }
}
