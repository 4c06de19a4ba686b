using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>Each API endpoint against each kind of caller: only what is allowed succeeds.</summary>
public sealed class AuthorizationMatrixTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    public static TheoryData<string, string, HttpStatusCode> Matrix => new()
    {
        { "post", "anonymous", HttpStatusCode.Unauthorized },
        { "post", "author", HttpStatusCode.Created },
        { "post", "other", HttpStatusCode.Created },
        { "post", "moderator", HttpStatusCode.Created },
        { "post", "admin", HttpStatusCode.Created },
        { "edit", "anonymous", HttpStatusCode.Unauthorized },
        { "edit", "author", HttpStatusCode.OK },
        { "edit", "other", HttpStatusCode.Forbidden },
        { "edit", "moderator", HttpStatusCode.Forbidden },
        { "edit", "admin", HttpStatusCode.Forbidden },
        { "delete", "anonymous", HttpStatusCode.Unauthorized },
        { "delete", "author", HttpStatusCode.NoContent },
        { "delete", "other", HttpStatusCode.Forbidden },
        { "delete", "moderator", HttpStatusCode.NoContent },
        { "delete", "admin", HttpStatusCode.NoContent },
        { "revisions", "anonymous", HttpStatusCode.OK },
        { "revisions", "author", HttpStatusCode.OK },
        { "revisions", "other", HttpStatusCode.OK },
        { "revisions", "moderator", HttpStatusCode.OK },
        { "revisions", "admin", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Only_allowed_callers_succeed(string action, string caller, HttpStatusCode expected)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var essay = await app.CreateEssayAsync();
        var author = await app.CreateUserAsync("author-" + suffix);
        TestUser? actor = caller switch
        {
            "anonymous" => null,
            "author" => author,
            "other" => await app.CreateUserAsync("other-" + suffix),
            "moderator" => await app.CreateUserAsync("mod-" + suffix, ForumRoles.Moderator),
            "admin" => await app.CreateUserAsync("admin-" + suffix, ForumRoles.Admin),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };
        var created = await app.Client(author.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "원글 " + suffix });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var client = app.Client(actor?.Token);

        var response = action switch
        {
            "post" => await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "답글 " + suffix, parentId = id }),
            "edit" => await client.PutAsJsonAsync($"/api/comments/{id}", new { body = "고친 글 " + suffix }),
            "delete" => await client.DeleteAsync($"/api/comments/{id}"),
            "revisions" => await client.GetAsync($"/api/comments/{id}/revisions"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        Assert.Equal(expected, response.StatusCode);
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var after = await app.Client().GetFromJsonAsync<JsonElement>($"/api/comments/{id}/revisions");
            Assert.Equal("원글 " + suffix, Assert.Single(after.EnumerateArray()).GetProperty("bodyMarkdown").GetString());
        }
    }
}
