using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Core.Moderation;
using ForumApp.Data;
using ForumApp.Web.Tests.Commenting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.People;

/// <summary>
/// Notifications, reactions, profiles and the role page through HTTP: the API's shapes, the pages, the plain forms
/// (with antiforgery), and that nobody sees another person's notifications.
/// </summary>
public sealed class PeopleWebTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private async Task<(TestUser Writer, TestUser Reader, TestEssay Essay)> ArrangeAsync()
    {
        var s = Suffix();
        var writer = await app.CreateUserAsync("writer-" + s, ForumRoles.Author);
        var reader = await app.CreateUserAsync("reader-" + s);
        var essay = await app.Data.WrittenEssayAsync(writer.Id, "사람 시험 " + s, ["첫 문단 " + s, "둘째 문단 " + s]);
        return (writer, reader, essay);
    }

    [Fact]
    public async Task The_notification_api_lists_your_own_newest_first_and_marks_them_read()
    {
        var (writer, reader, essay) = await ArrangeAsync();
        var comment = await app.Data.CommentAsync(reader.Id, essay.Id, "에세이에 다는 첫 댓글");

        var page = await app.Client(writer.Token).GetFromJsonAsync<JsonElement>("/api/notifications?page=1&pageSize=10");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("essayReply", item.GetProperty("kind").GetString());
        Assert.Equal($"/comments/{comment.Id}", item.GetProperty("link").GetString());
        Assert.Equal(reader.UserName, item.GetProperty("actor").GetString());
        Assert.Equal("에세이에 다는 첫 댓글", item.GetProperty("excerpt").GetString());
        Assert.Equal(1, page.GetProperty("unreadCount").GetInt32());
        Assert.Equal(1, page.GetProperty("total").GetInt32());

        // Another person sees none of it, and cannot mark it read.
        var theirs = await app.Client(reader.Token).GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());
        var id = item.GetProperty("id").GetInt64();
        var refused = await (await app.Client(reader.Token).PostAsJsonAsync("/api/notifications/read", new { ids = new[] { id } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, refused.GetProperty("marked").GetInt32());

        var marked = await app.Client(writer.Token).PostAsJsonAsync("/api/notifications/read", new { ids = new[] { id } });
        var body = await marked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0), (body.GetProperty("marked").GetInt32(), body.GetProperty("unreadCount").GetInt32()));

        var empty = await app.Client(writer.Token).PostAsJsonAsync("/api/notifications/read", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client(writer.Token).GetAsync("/api/notifications?pageSize=1000")).StatusCode);
    }

    [Fact]
    public async Task Reactions_are_idempotent_and_every_resource_carries_its_count()
    {
        var (writer, reader, essay) = await ArrangeAsync();
        var comment = await app.Data.CommentAsync(writer.Id, essay.Id, "공감 받을 댓글");
        var client = app.Client(reader.Token);

        foreach (var _ in new[] { 1, 2 })
        {
            var given = await (await client.PostAsync($"/api/comments/{comment.Id}/reactions", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((1, true), (given.GetProperty("reactionCount").GetInt32(), given.GetProperty("reacted").GetBoolean()));
        }

        await client.PostAsync($"/api/essays/{essay.Id}/reactions", null);
        var resource = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay.Id}");
        Assert.Equal(1, resource.GetProperty("reactionCount").GetInt32());
        var listed = resource.GetProperty("comments").EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == comment.Id);
        Assert.Equal(1, listed.GetProperty("reactionCount").GetInt32());

        var taken = await (await client.DeleteAsync($"/api/comments/{comment.Id}/reactions")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, false), (taken.GetProperty("reactionCount").GetInt32(), taken.GetProperty("reacted").GetBoolean()));
        var unknown = await client.PostAsync("/api/comments/987654/reactions", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cookie_reaction_without_the_antiforgery_header_is_refused()
    {
        var (writer, reader, essay) = await ArrangeAsync();
        var client = app.Client();
        await CommentingAppFactory.SignInAsync(client, reader);

        var response = await client.PostAsync($"/api/essays/{essay.Id}/reactions", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(writer);
    }

    [Fact]
    public async Task The_bell_counts_unread_and_the_page_marks_them_read_with_plain_forms()
    {
        var (writer, reader, essay) = await ArrangeAsync();
        await app.Data.CommentAsync(reader.Id, essay.Id, "벨을 울리는 댓글");
        await app.Data.CommentAsync(reader.Id, essay.Id, "@" + writer.UserName + " 두 번째 댓글");
        var client = app.Client();
        await CommentingAppFactory.SignInAsync(client, writer);

        var home = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Contains("class=\"bell-unread visually-hidden\" data-label=\"읽지 않은 알림 {0}개\">읽지 않은 알림 2개</span>", home, StringComparison.Ordinal);
        Assert.Contains("class=\"bell-count\">2</span>", home, StringComparison.Ordinal);

        var page = await client.GetStringAsync(new Uri("/notifications", UriKind.Relative));
        var text = WebUtility.HtmlDecode(page);
        Assert.Contains(reader.UserName + " 님이 내 에세이에 댓글을 달았습니다", text, StringComparison.Ordinal);
        Assert.Contains("href=\"/comments/", text, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(page),
            ["All"] = "true",
        });
        var posted = await client.PostAsync(new Uri("/notifications/read", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/notifications", UriKind.Relative)));
        Assert.Contains("읽지 않은 알림 0개", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"mark-all-read\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_essay_page_shows_counts_to_readers_and_a_form_button_to_signed_in_people()
    {
        var (writer, reader, essay) = await ArrangeAsync();
        var comment = await app.Data.CommentAsync(writer.Id, essay.Id, "페이지에서 공감할 댓글");
        await app.Client(reader.Token).PostAsync($"/api/comments/{comment.Id}/reactions", null);

        var anonymous = await app.Client().GetStringAsync(new Uri(essay.Path, UriKind.Relative));
        Assert.Contains("<span class=\"reaction-count\">공감 1</span>", anonymous, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"author-link\" href=\"/users/{writer.UserName}\">", anonymous, StringComparison.Ordinal);

        var client = app.Client();
        await CommentingAppFactory.SignInAsync(client, reader);
        var signedIn = await client.GetStringAsync(new Uri(essay.Path, UriKind.Relative));
        Assert.Matches($"action=\"/comments/{comment.Id}/reaction\">.*?aria-pressed=\"true\"", signedIn);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(signedIn),
            ["On"] = "false",
            ["ReturnUrl"] = essay.Path,
        });
        var posted = await client.PostAsync(new Uri($"/comments/{comment.Id}/reaction", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal($"{ForumApp.Web.Components.Pages.Account.AccountLinks.SafeReturnUrl(essay.Path)}#c-{comment.Id}", posted.Headers.Location?.OriginalString);
        var again = await app.Client().GetStringAsync(new Uri(essay.Path, UriKind.Relative));
        Assert.DoesNotContain("<span class=\"reaction-count\">공감 1</span>", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_shows_the_person_their_writing_and_stances_and_links_their_feed()
    {
        var (writer, reader, essay) = await ArrangeAsync();
        await app.Data.CommentAsync(writer.Id, essay.Id, "필자가 직접 단 댓글");

        var response = await app.Client().GetAsync(new Uri($"/users/{writer.UserName.ToUpperInvariant()}", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<link rel=\"alternate\" type=\"application/atom+xml\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/users/{writer.UserName}/feed.atom\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"profile-role\">필자</dd>", html, StringComparison.Ordinal);
        Assert.Contains("사람 시험", html, StringComparison.Ordinal);
        Assert.Contains("필자가 직접 단 댓글", html, StringComparison.Ordinal);
        var api = await app.Client().GetFromJsonAsync<JsonElement>($"/api/users/{writer.UserName}");
        Assert.Equal((1, 1), (api.GetProperty("essays").GetArrayLength(), api.GetProperty("commentTotal").GetInt32()));
        Assert.Equal(0, api.GetProperty("stanceCounts").GetProperty("agree").GetInt32());
        Assert.NotNull(reader);
    }

    [Fact]
    public async Task An_admin_changes_a_role_on_the_page_audited_and_at_once()
    {
        var s = Suffix();
        var admin = await app.CreateUserAsync("admin-" + s, ForumRoles.Admin);
        var target = await app.CreateUserAsync("promoted-" + s);
        var client = app.Client();
        await CommentingAppFactory.SignInAsync(client, admin);
        var page = await client.GetStringAsync(new Uri("/admin/roles", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(page),
            ["UserName"] = target.UserName,
            ["Role"] = ForumRoles.Moderator,
        });

        var posted = await client.PostAsync(new Uri("/admin/roles", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.True(await app.Services.GetRequiredService<ForumApp.Data.Accounts.RoleCheck>().IsModeratorAsync(target.Id));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Target == AuditTargets.User(target.Id));
        Assert.Equal((AuditActions.RoleChange, admin.Id), (audit.Action, audit.Actor));
        var listed = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(posted.Headers.Location!.OriginalString, UriKind.Relative)));
        Assert.Contains($"href=\"/users/{target.UserName}\"", listed, StringComparison.Ordinal);
        Assert.Contains("역할을 바꿨습니다", listed, StringComparison.Ordinal);
    }
}
