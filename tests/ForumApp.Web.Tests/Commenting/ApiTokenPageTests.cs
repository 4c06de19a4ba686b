using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace ForumApp.Web.Tests.Commenting;

public sealed partial class ApiTokenPageTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(page);
        fields["_handler"] = handler;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    private async Task<HttpClient> SignedInAsync(TestUser user)
    {
        var client = app.Client();
        using var signedIn = await CommentingAppFactory.SignInAsync(client, user);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ForumApp.Auth=", StringComparison.Ordinal));
        return client;
    }

    [Fact]
    public async Task A_signed_in_user_makes_a_token_uses_it_and_revokes_it()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("token-page-user");
        var client = await SignedInAsync(user);

        using var created = await PostFormAsync(client, "/account/tokens", "create-token", new() { ["TokenName"] = "내 스크립트" });
        var html = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync());
        var token = NewToken().Match(html).Groups[1].Value;
        using var api = app.Client(token);
        using var posted = await api.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "페이지에서 만든 토큰으로 씁니다." });

        var listed = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/account/tokens", UriKind.Relative)));
        var tokenId = TokenRow().Match(listed).Groups[1].Value;
        using var revoked = await PostFormAsync(client, "/account/tokens", $"revoke-token-{tokenId}", []);
        using var afterRevoke = await api.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "폐기한 토큰으로는 못 씁니다." });

        Assert.StartsWith("fa_", token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Contains("내 스크립트", listed, StringComparison.Ordinal);
        Assert.Contains("토큰을 폐기했습니다", await revoked.Content.ReadAsStringAsync() is var r ? WebUtility.HtmlDecode(r) : "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_else_cannot_revoke_a_token_through_the_page()
    {
        var owner = await app.CreateUserAsync("token-owner");
        var other = await SignedInAsync(await app.CreateUserAsync("token-other"));
        using var ownerApi = app.Client(owner.Token);

        // The other user's page has no form for the owner's token: Blazor refuses the post outright.
        using var attempt = await PostFormAsync(other, "/account/tokens", "revoke-token-1", []);
        using var stillWorks = await ownerApi.GetAsync(new Uri("/api/moderation/duplicates", UriKind.Relative));

        Assert.False(attempt.IsSuccessStatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Anonymous_readers_are_sent_to_log_in()
    {
        using var response = await app.Client().GetAsync(new Uri("/account/tokens", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }


    [GeneratedRegex("id=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();

    [GeneratedRegex("<tr id=\"token-(\\d+)\"><td[^>]*>내 스크립트</td>")]
    private static partial Regex TokenRow();
}
