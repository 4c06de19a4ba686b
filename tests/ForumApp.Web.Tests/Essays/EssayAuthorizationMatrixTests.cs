using System.Net;
using System.Net.Http.Json;
using ForumApp.Core.Accounts;
using ForumApp.Data.Essays;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Essays;

/// <summary>
/// Every new essay endpoint and page against every kind of caller: a reader, a commenter, the essay's author, another
/// author, a moderator and an admin. Only what is allowed succeeds; a refusal of the API is problem+json.
/// </summary>
public sealed class EssayAuthorizationMatrixTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private const HttpStatusCode Redirect = HttpStatusCode.Redirect;
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    private static readonly string[] s_callers = ["anonymous", "commenter", "author", "other", "moderator", "admin"];

    // Expected status per caller, in the order of s_callers.
    private static readonly Dictionary<string, HttpStatusCode[]> s_api = new()
    {
        ["create"] = [HttpStatusCode.Unauthorized, Forbidden, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created],
        ["update"] = [HttpStatusCode.Unauthorized, Forbidden, Ok, NotFound, Forbidden, Forbidden],
        ["publish"] = [HttpStatusCode.Unauthorized, Forbidden, Ok, NotFound, Forbidden, Forbidden],
        ["unpublish"] = [HttpStatusCode.Unauthorized, Forbidden, Forbidden, Forbidden, Ok, Ok],
        ["restore"] = [HttpStatusCode.Unauthorized, Forbidden, Forbidden, Forbidden, Ok, Ok],
        ["read-draft"] = [NotFound, NotFound, Ok, NotFound, Ok, Ok],
        ["draft-revisions"] = [NotFound, NotFound, Ok, NotFound, Ok, Ok],
        ["editor-draft"] = [HttpStatusCode.Unauthorized, Forbidden, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent],
        // Issue 12 (people): reactions, notifications, profiles, roles.
        ["react-essay"] = [HttpStatusCode.Unauthorized, Ok, Ok, Ok, Ok, Ok],
        ["react-draft"] = [HttpStatusCode.Unauthorized, NotFound, NotFound, NotFound, NotFound, NotFound],
        ["react-comment"] = [HttpStatusCode.Unauthorized, Ok, Ok, Ok, Ok, Ok],
        ["unreact-comment"] = [HttpStatusCode.Unauthorized, Ok, Ok, Ok, Ok, Ok],
        ["react-unpublished-comment"] = [HttpStatusCode.Unauthorized, NotFound, NotFound, NotFound, NotFound, NotFound],
        ["notifications"] = [HttpStatusCode.Unauthorized, Ok, Ok, Ok, Ok, Ok],
        ["mark-read"] = [HttpStatusCode.Unauthorized, Ok, Ok, Ok, Ok, Ok],
        ["profile"] = [Ok, Ok, Ok, Ok, Ok, Ok],
        ["set-role"] = [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, HttpStatusCode.NoContent],
    };

    private static readonly Dictionary<string, HttpStatusCode[]> s_pages = new()
    {
        ["new"] = [Redirect, Forbidden, Ok, Ok, Ok, Ok],
        ["edit-draft"] = [Redirect, Forbidden, Ok, NotFound, Forbidden, Forbidden],
        ["draft-page"] = [NotFound, NotFound, Ok, NotFound, Ok, Ok],
        ["draft-history"] = [NotFound, NotFound, Ok, NotFound, Ok, Ok],
        ["mine"] = [Redirect, Ok, Ok, Ok, Ok, Ok],
        ["moderation"] = [Forbidden, Forbidden, Forbidden, Forbidden, Ok, Ok],
        ["notifications"] = [Redirect, Ok, Ok, Ok, Ok, Ok],
        ["profile"] = [Ok, Ok, Ok, Ok, Ok, Ok],
        ["unknown-profile"] = [NotFound, NotFound, NotFound, NotFound, NotFound, NotFound],
        ["admin-roles"] = [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok],
    };

    public static TheoryData<string, string, HttpStatusCode> Api => Table(s_api);

    public static TheoryData<string, string, HttpStatusCode> Pages => Table(s_pages);

    private static TheoryData<string, string, HttpStatusCode> Table(Dictionary<string, HttpStatusCode[]> table)
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var (action, expected) in table)
        {
            for (var i = 0; i < s_callers.Length; i++)
            {
                data.Add(action, s_callers[i], expected[i]);
            }
        }

        return data;
    }

    private sealed record Arranged(TestUser Owner, TestUser? Caller, TestEssay Draft, TestEssay Published, TestEssay Unpublished)
    {
        public int CommentId { get; init; }

        public int UnpublishedCommentId { get; init; }
    }

    private async Task<Arranged> ArrangeAsync(string caller)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = await app.CreateUserAsync("owner-" + suffix, ForumRoles.Author);
        var moderator = await app.CreateUserAsync("mod0-" + suffix, ForumRoles.Moderator);
        var draft = await app.Data.WrittenEssayAsync(owner.Id, "초안 " + suffix, ["초안의 문단 " + suffix], publish: false);
        var published = await app.Data.WrittenEssayAsync(owner.Id, "게시한 글 " + suffix, ["게시한 글의 문단 " + suffix]);
        var unpublished = await app.Data.WrittenEssayAsync(owner.Id, "내린 글 " + suffix, ["내린 글의 문단 " + suffix]);
        var comment = await app.Data.CommentAsync(moderator.Id, published.Id, "공감할 댓글 " + suffix);
        var hidden = await app.Data.CommentAsync(moderator.Id, unpublished.Id, "내린 글의 댓글 " + suffix);
        await app.Services.GetRequiredService<EssayModerationService>().UnpublishAsync(moderator.Id, unpublished.Id);
        TestUser? actor = caller switch
        {
            "anonymous" => null,
            "commenter" => await app.CreateUserAsync("commenter-" + suffix),
            "author" => owner,
            "other" => await app.CreateUserAsync("other-" + suffix, ForumRoles.Author),
            "moderator" => await app.CreateUserAsync("mod-" + suffix, ForumRoles.Moderator),
            "admin" => await app.CreateUserAsync("admin-" + suffix, ForumRoles.Admin),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };
        return new Arranged(owner, actor, draft, published, unpublished) { CommentId = comment.Id, UnpublishedCommentId = hidden.Id };
    }

    [Theory]
    [MemberData(nameof(Api))]
    public async Task Every_essay_endpoint_allows_exactly_its_callers(string action, string caller, HttpStatusCode expected)
    {
        var a = await ArrangeAsync(caller);
        var client = app.Client(a.Caller?.Token);

        var response = action switch
        {
            "create" => await client.PostAsJsonAsync("/api/essays", new { title = "새 글 " + Guid.NewGuid(), bodyMarkdown = "본문입니다." }),
            "update" => await client.PutAsJsonAsync($"/api/essays/{a.Draft.Id}", new { title = "남이 고친 제목" }),
            "publish" => await client.PostAsync($"/api/essays/{a.Draft.Id}/publish", null),
            "unpublish" => await client.PostAsJsonAsync($"/api/essays/{a.Published.Id}/unpublish", new { reason = "시험" }),
            "restore" => await client.PostAsync($"/api/essays/{a.Unpublished.Id}/restore", null),
            "read-draft" => await client.GetAsync($"/api/essays/{a.Draft.Id}"),
            "draft-revisions" => await client.GetAsync($"/api/essays/{a.Draft.Id}/revisions"),
            "editor-draft" => await client.PostAsJsonAsync("/api/essays/draft", new { title = "쓰던 글", bodyMarkdown = "쓰던 본문" }),
            "react-essay" => await client.PostAsync($"/api/essays/{a.Published.Id}/reactions", null),
            "react-draft" => await client.PostAsync($"/api/essays/{a.Draft.Id}/reactions", null),
            "react-comment" => await client.PostAsync($"/api/comments/{a.CommentId}/reactions", null),
            "unreact-comment" => await client.DeleteAsync($"/api/comments/{a.CommentId}/reactions"),
            "react-unpublished-comment" => await client.PostAsync($"/api/comments/{a.UnpublishedCommentId}/reactions", null),
            "notifications" => await client.GetAsync("/api/notifications"),
            "mark-read" => await client.PostAsJsonAsync("/api/notifications/read", new { all = true }),
            "profile" => await client.GetAsync($"/api/users/{a.Owner.UserName}"),
            "set-role" => await client.PutAsJsonAsync($"/api/admin/users/{(await app.CreateUserAsync("target-" + Guid.NewGuid().ToString("N")[..8])).UserName}/role", new { role = "author" }),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        Assert.Equal(expected, response.StatusCode);
        if ((int)expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // A refused write changed nothing: the draft is still the owner's untouched draft.
        var draft = await app.Client(a.Owner.Token).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/essays/{a.Draft.Id}");
        Assert.Equal(action == "publish" && expected == Ok ? "published" : "draft", draft.GetProperty("status").GetString());
        Assert.StartsWith(action == "update" && expected == Ok ? "남이 고친 제목" : "초안 ", draft.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_essay_page_allows_exactly_its_callers(string page, string caller, HttpStatusCode expected)
    {
        var a = await ArrangeAsync(caller);
        var client = app.Client();
        if (a.Caller is not null)
        {
            await CommentingAppFactory.SignInAsync(client, a.Caller);
        }

        var path = page switch
        {
            "new" => "/essays/new",
            "edit-draft" => $"/essays/{a.Draft.Id}/edit",
            "draft-page" => a.Draft.Path,
            "draft-history" => $"/essays/{a.Draft.Id}/history",
            "mine" => "/essays/mine",
            "moderation" => "/moderation/essays",
            "notifications" => "/notifications",
            "profile" => $"/users/{a.Owner.UserName}",
            "unknown-profile" => "/users/nobody-" + Guid.NewGuid().ToString("N")[..8],
            "admin-roles" => "/admin/roles",
            _ => throw new ArgumentOutOfRangeException(nameof(page)),
        };
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        if (expected == Redirect)
        {
            Assert.StartsWith("/account/login", response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.PathAndQuery : response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        if (page is "new" or "edit-draft" && caller == "commenter")
        {
            Assert.Contains("작성자 권한", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }
}
