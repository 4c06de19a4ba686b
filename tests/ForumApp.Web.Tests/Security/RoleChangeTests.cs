using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Web.Cli;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Security;

/// <summary>
/// Issue 14, item 1: a role change (`users role`) takes effect at once for every credential, the cookie issued before
/// the change included: pages, API, the header's links.
/// </summary>
public sealed class RoleChangeTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static readonly string[] ModeratorPages = ["/moderation", "/moderation/audit", "/moderation/scan"];
    private static readonly string[] ModeratorApi = ["/api/moderation/flags", "/api/moderation/audit", "/api/moderation/duplicates", "/api/moderation/merges"];

    [Theory]
    [InlineData("cookie")]
    [InlineData("token")]
    public async Task A_demoted_moderator_loses_every_moderator_power_at_once(string credential)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var essay = await app.CreateEssayAsync();
        var victim = await app.CreateUserAsync("victim-" + suffix);
        var moderator = await app.CreateUserAsync("demoted-" + suffix, ForumRoles.Moderator);
        var posted = await app.Client(victim.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "남의 댓글 " + suffix });
        var commentId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var (client, antiforgery) = await SignedInAsync(moderator, credential);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/moderation", UriKind.Relative))).StatusCode);

        await SetRoleAsync(moderator.UserName, ForumRoles.Commenter);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/comments/{commentId}", UriKind.Relative));
        if (antiforgery is { } header)
        {
            delete.Headers.Add(header.Name, header.Value);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(delete)).StatusCode);
        foreach (var path in ModeratorApi.Concat(ModeratorPages))
        {
            Assert.True((await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == HttpStatusCode.Forbidden, path);
        }

        var revisions = await app.Client().GetFromJsonAsync<JsonElement>($"/api/comments/{commentId}/revisions");
        Assert.Equal("남의 댓글 " + suffix, Assert.Single(revisions.EnumerateArray()).GetProperty("bodyMarkdown").GetString());
        if (credential == "cookie")
        {
            var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains("id=\"nav-profile\"", home, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"nav-moderation\"", home, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("token")]
    public async Task A_promoted_commenter_gets_moderator_powers_at_once(string credential)
    {
        var commenter = await app.CreateUserAsync("promoted-" + Guid.NewGuid().ToString("N")[..8]);
        var (client, _) = await SignedInAsync(commenter, credential);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/moderation/flags", UriKind.Relative))).StatusCode);

        await SetRoleAsync(commenter.UserName, ForumRoles.Moderator);

        foreach (var path in ModeratorApi.Concat(ModeratorPages))
        {
            Assert.True((await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == HttpStatusCode.OK, path);
        }

        if (credential == "cookie")
        {
            Assert.Contains("id=\"nav-moderation\"", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_cookie_is_renewed_once_with_the_new_roles_and_then_left_alone()
    {
        var moderator = await app.CreateUserAsync("renewed-" + Guid.NewGuid().ToString("N")[..8], ForumRoles.Moderator);
        var (client, _) = await SignedInAsync(moderator, "cookie");
        var unchanged = await client.GetAsync(new Uri("/api/moderation/flags", UriKind.Relative));

        await SetRoleAsync(moderator.UserName, ForumRoles.Admin);
        var renewed = await client.GetAsync(new Uri("/api/moderation/flags", UriKind.Relative));
        var next = await client.GetAsync(new Uri("/api/moderation/flags", UriKind.Relative));

        Assert.False(SetsAuthCookie(unchanged));
        Assert.True(SetsAuthCookie(renewed));
        Assert.False(SetsAuthCookie(next));
    }

    [Fact]
    public async Task A_display_name_changed_in_another_session_shows_in_this_sessions_header_at_once()
    {
        var user = await app.CreateUserAsync("renamer-" + Guid.NewGuid().ToString("N")[..8]);
        var (client, _) = await SignedInAsync(user, "cookie");
        var newName = "Renamed-" + Guid.NewGuid().ToString("N")[..6];

        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<Data.Accounts.AccountService>().SetDisplayNameAsync(user.Id, newName);
            Assert.True(result.Succeeded);
        }

        Assert.Contains(">" + newName + "</a>", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".ForumApp.Auth=", StringComparison.Ordinal));

    [Fact]
    public async Task A_cookie_of_an_account_that_no_longer_exists_is_anonymous()
    {
        var user = await app.CreateUserAsync("deleted-" + Guid.NewGuid().ToString("N")[..8]);
        var (client, _) = await SignedInAsync(user, "cookie");

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Data.Accounts.ForumUser>>();
            var account = await users.FindByIdAsync(user.Id);
            Assert.True((await users.DeleteAsync(account!)).Succeeded);
        }

        Assert.Contains("id=\"nav-login\"", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/account/antiforgery-token", UriKind.Relative))).StatusCode);
    }

    private async Task<(HttpClient Client, (string Name, string Value)? Antiforgery)> SignedInAsync(TestUser user, string credential)
    {
        if (credential == "token")
        {
            return (app.Client(user.Token), null);
        }

        var client = app.Client();
        var login = await CommentingAppFactory.SignInAsync(client, user);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var token = await client.GetFromJsonAsync<JsonElement>("/api/account/antiforgery-token");
        return (client, (token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString()!));
    }

    private async Task SetRoleAsync(string userName, string role)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ForumCli.RunAsync(["users", "role", userName, role, $"--ConnectionStrings:Forum={app.ConnectionString}"], stdout, stderr, new StringReader(""));
        Assert.True(code == 0, stderr.ToString());
    }
}
