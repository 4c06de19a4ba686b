using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ForumApp.Core.Accounts;

namespace ForumApp.Web.Tests.Commenting;

public sealed partial class CommentApiTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, int essayId, string body, int? parentId = null, bool force = true) =>
        client.PostAsJsonAsync($"/api/essays/{essayId}/comments{(force ? "?force=true" : "")}", new { body, parentId });

    [Fact]
    public async Task Post_returns_201_with_the_comment_in_the_tree_shape_and_a_location()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("poster1");

        var response = await PostAsync(app.Client(user.Token), essay, "**안녕하세요**, 반갑습니다.");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = json.GetProperty("id").GetInt32();
        Assert.Equal($"/api/comments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("**안녕하세요**, 반갑습니다.", json.GetProperty("bodyMarkdown").GetString());
        Assert.Contains("<strong>안녕하세요</strong>", json.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal("visible", json.GetProperty("status").GetString());
        Assert.Equal("poster1", json.GetProperty("author").GetString());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("children").ValueKind);

        var tree = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}");
        Assert.Contains(tree.GetProperty("comments").EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal(1, tree.GetProperty("commentCount").GetInt32());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "{\"body\":\"\"}", "Empty" },
        { "{\"body\":\"  \\n\\t \"}", "Empty" },
        { "{}", "Empty" },
        { "{\"body\":\"" + new string('가', 20_001) + "\"}", "TooLong" },
        { "{\"body\":\"a\\u0000b\"}", "ControlCharacter" },
        { "{\"body\":\"a\\u001bb\"}", "ControlCharacter" },
        { "{\"body\":\"a\\ud800b\"}", "LoneSurrogate" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_bodies_get_400_problem_json_and_nothing_is_stored(string json, string rule)
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("invalid-" + Guid.NewGuid().ToString("N")[..8]);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await app.Client(user.Token).PostAsync($"/api/essays/{essay}/comments", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        if (problem.TryGetProperty("rule", out var r))
        {
            Assert.Equal(rule, r.GetString());
        }
        else
        {
            // System.Text.Json refuses a lone surrogate before our rules run: still a 400 problem, still nothing stored.
            Assert.Equal("LoneSurrogate", rule);
        }

        var tree = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}");
        Assert.Equal(0, tree.GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_essay_is_404_and_bad_parents_are_400()
    {
        var essay = await app.CreateEssayAsync();
        var other = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("parents");
        var client = app.Client(user.Token);
        var elsewhere = await (await PostAsync(client, other, "다른 에세이의 댓글")).Content.ReadFromJsonAsync<JsonElement>();
        var doomed = await (await PostAsync(client, essay, "지울 댓글입니다")).Content.ReadFromJsonAsync<JsonElement>();
        await client.DeleteAsync($"/api/comments/{doomed.GetProperty("id").GetInt32()}");

        var unknownEssay = await PostAsync(client, 99_999, "어디에?");
        var otherEssayParent = await PostAsync(client, essay, "답글", elsewhere.GetProperty("id").GetInt32());
        var deletedParent = await PostAsync(client, essay, "답글", doomed.GetProperty("id").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, unknownEssay.StatusCode);
        await ProblemAsync(unknownEssay);
        Assert.Equal("ParentInOtherEssay", (await ProblemAsync(otherEssayParent)).GetProperty("rule").GetString());
        Assert.Equal("ParentNotVisible", (await ProblemAsync(deletedParent)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Same_text_again_is_409_naming_the_earlier_comment()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("repeater");
        var client = app.Client(user.Token);
        var first = await (await PostAsync(client, essay, "두 번 말하기")).Content.ReadFromJsonAsync<JsonElement>();

        var again = await PostAsync(client, essay, "두 번  말하기!");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await ProblemAsync(again);
        Assert.Equal(first.GetProperty("id").GetInt32(), problem.GetProperty("earlierCommentId").GetInt32());
    }

    [Fact]
    public async Task Near_duplicate_is_409_with_matches_until_acknowledged()
    {
        var essay = await app.CreateEssayAsync();
        var alice = await app.CreateUserAsync("near-alice");
        var bob = await app.CreateUserAsync("near-bob");
        var original = await (await PostAsync(app.Client(alice.Token), essay, "민주화된 인공지능은 누구나 쓸 수 있어야 합니다."))
            .Content.ReadFromJsonAsync<JsonElement>();
        const string similar = "민주화된 인공지능은 누구나 쓸 수 있어야 한다.";

        var warned = await PostAsync(app.Client(bob.Token), essay, similar, force: false);
        var acknowledged = await app.Client(bob.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = similar, acknowledgeDuplicate = true });

        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        var match = Assert.Single((await ProblemAsync(warned)).GetProperty("matches").EnumerateArray());
        Assert.Equal(original.GetProperty("id").GetInt32(), match.GetProperty("commentId").GetInt32());
        Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
    }

    [Fact]
    public async Task Edit_then_revisions_list_every_version()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("editor");
        var client = app.Client(user.Token);
        var id = (await (await PostAsync(client, essay, "처음 글")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var edited = await client.PutAsJsonAsync($"/api/comments/{id}", new { body = "고친 글" });
        var revisions = await app.Client().GetFromJsonAsync<JsonElement>($"/api/comments/{id}/revisions");

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.NotNull((await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("editedAt").GetString());
        Assert.Equal(["처음 글", "고친 글"], revisions.EnumerateArray().Select(r => r.GetProperty("bodyMarkdown").GetString()));
        Assert.Equal([1, 2], revisions.EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()));

        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/comments/{id}/history"));
        Assert.Contains("diff-inserted", page, StringComparison.Ordinal);
        Assert.Contains("고친 글", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_revoked_tokens_are_401_problem_json()
    {
        var essay = await app.CreateEssayAsync();

        var anonymous = await PostAsync(app.Client(), essay, "익명");
        var bogus = await PostAsync(app.Client("fa_not-a-real-token"), essay, "가짜");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bogus.StatusCode);
        await ProblemAsync(anonymous);
        await ProblemAsync(bogus);
    }

    [Fact]
    public async Task Cookie_writes_need_the_antiforgery_token_and_token_writes_do_not()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("cookie-user");
        var client = app.Client();
        using var signedIn = await CommentingAppFactory.SignInAsync(client, user);
        Assert.True(signedIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ForumApp.Auth=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));

        var without = await PostAsync(client, essay, "쿠키로 쓴 글");
        var tokenJson = await client.GetFromJsonAsync<JsonElement>("/api/account/antiforgery-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/essays/{essay}/comments")
        {
            Content = JsonContent.Create(new { body = "쿠키로 쓴 글" }),
        };
        request.Headers.Add(tokenJson.GetProperty("headerName").GetString()!, tokenJson.GetProperty("token").GetString());
        var with = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("antiforgery", (await ProblemAsync(without)).GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);

        // Signed in, the reading page stays static with a link to the composer and edit links on one's own comments;
        // the interactive composer appears only when asked for.
        var reading = await client.GetStringAsync(app.EssayPath(essay));
        var composing = await client.GetStringAsync(app.EssayPath(essay) + "?compose=1");
        Assert.Contains("id=\"compose-link\"", reading, StringComparison.Ordinal);
        Assert.Contains("class=\"edit-link\"", reading, StringComparison.Ordinal);
        Assert.DoesNotContain("comment-composer", reading, StringComparison.Ordinal);
        Assert.Contains("id=\"comment-composer\"", composing, StringComparison.Ordinal);
        Assert.Contains("id=\"comment-body\"", composing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_essay_page_offers_the_composer_only_to_signed_in_writers_and_only_on_request()
    {
        var essay = await app.CreateEssayAsync();

        var anonymous = await app.Client().GetStringAsync(app.EssayPath(essay) + "?compose=1");

        Assert.Contains("id=\"composer-login-link\"", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("comment-composer", anonymous, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_describes_the_write_endpoints()
    {
        var doc = await app.Client().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/essays/{id}/comments", doc, StringComparison.Ordinal);
        Assert.Contains("/api/comments/{id}/revisions", doc, StringComparison.Ordinal);
    }

}
