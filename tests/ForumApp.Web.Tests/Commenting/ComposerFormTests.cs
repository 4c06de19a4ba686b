using System.Net;
using System.Text.RegularExpressions;
using ForumApp.Core.Drafts;
using ForumApp.Data.Comments;
using ForumApp.Data.Drafts;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>
/// The composer's plain form (issue 15): what the page renders before the composer's circuit starts, posted without
/// JavaScript to POST /essays/{id}/composer, through the same limiter and services as the circuit. A refused post keeps
/// the text as the writer's draft and the composer shows it again with the reason. The default posting limits apply.
/// </summary>
public sealed partial class ComposerFormTests(RateLimitedAppFactory app) : IClassFixture<RateLimitedAppFactory>
{
    [Fact]
    public async Task The_composer_page_renders_a_form_that_posts_without_a_circuit()
    {
        var (client, essay, _) = await SignedInAsync("form");
        var page = await client.GetStringAsync(new Uri($"{app.EssayPath(essay)}?compose=1", UriKind.Relative));

        using var response = await PostFormAsync(client, essay, page, ("body", "회로 없이 보낸 댓글입니다."));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var id = int.Parse(CommentLocation().Match(response.Headers.Location!.OriginalString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stored = await app.Services.GetRequiredService<CommentQueries>().GetAsync(id);
        Assert.Equal("회로 없이 보낸 댓글입니다.", stored!.BodyMarkdown);
        Assert.Equal(essay, stored.EssayId);
    }

    [Fact]
    public async Task A_refused_form_post_keeps_the_text_as_the_draft_and_the_composer_shows_it_with_the_reason()
    {
        var (client, essay, user) = await SignedInAsync("hasty-form");
        var page = await client.GetStringAsync(new Uri($"{app.EssayPath(essay)}?compose=1", UriKind.Relative));
        using (var first = await PostFormAsync(client, essay, page, ("body", "먼저 보낸 댓글입니다.")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        using var refused = await PostFormAsync(client, essay, page, ("body", "바로 이어 보낸 댓글입니다."));

        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
        var back = refused.Headers.Location!.OriginalString;
        Assert.StartsWith($"{app.EssayPath(essay)}?compose=1&refused=too-fast&wait=", back, StringComparison.Ordinal);
        Assert.Equal("바로 이어 보낸 댓글입니다.", (await app.Services.GetRequiredService<DraftService>().GetAsync(user.Id, DraftPlaces.Reply(essay, null)))?.Body);

        var composer = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(back, UriKind.Relative)));
        Assert.Contains("바로 이어 보낸 댓글입니다.</textarea>", composer, StringComparison.Ordinal);
        Assert.Contains("임시 저장된 글을 불러왔습니다", composer, StringComparison.Ordinal);
        Assert.Matches("id=\"comment-error\"[^>]*>\\s*댓글을 너무 빨리 올리고 있습니다. \\d+초 뒤에 다시 시도해 주세요.", composer);
    }

    [Fact]
    public async Task A_near_duplicate_form_post_can_be_confirmed_from_the_warning()
    {
        var (client, essay, _) = await SignedInAsync("near-form");
        var other = await app.CreateUserAsync("near-other" + Guid.NewGuid().ToString("N")[..6]);
        var original = await app.Data.CommentAsync(other.Id, essay, "모두가 인공지능을 쓸 수 있어야 민주화라고 할 수 있습니다.");
        var page = await client.GetStringAsync(new Uri($"{app.EssayPath(essay)}?compose=1", UriKind.Relative));

        using var warned = await PostFormAsync(client, essay, page, ("body", "모두가 인공지능을 쓸 수 있어야 민주화라고 할 수 있다."));
        var back = warned.Headers.Location!.OriginalString;
        Assert.Contains($"refused=near-duplicate&similar={original.Id}", back, StringComparison.Ordinal);
        var composer = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(back, UriKind.Relative)));
        Assert.Contains($"class=\"near-duplicate-link\" href=\"/comments/{original.Id}\"", composer, StringComparison.Ordinal);
        Assert.Matches("<button type=\"submit\" name=\"acknowledge\" value=\"true\" id=\"post-anyway\"", composer);

        using var confirmed = await PostFormAsync(client, essay, composer, ("body", "모두가 인공지능을 쓸 수 있어야 민주화라고 할 수 있다."), ("acknowledge", "true"));

        Assert.Matches(CommentLocation(), confirmed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_stores_nothing()
    {
        var (client, essay, user) = await SignedInAsync("forged");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = "위조된 요청으로 보낸 글입니다." });

        using var response = await client.PostAsync(new Uri($"/essays/{essay}/composer", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await app.Services.GetRequiredService<DraftService>().GetAsync(user.Id, DraftPlaces.Reply(essay, null)));
    }

    [Fact]
    public async Task A_reader_who_is_not_signed_in_is_sent_to_log_in_and_nothing_is_stored()
    {
        var essay = await app.CreateEssayAsync();
        var client = app.Client();
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));

        using var response = await PostFormAsync(client, essay, page, ("body", "로그인하지 않고 보낸 글입니다."));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    private async Task<(HttpClient Client, int Essay, TestUser User)> SignedInAsync(string name)
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync(name + Guid.NewGuid().ToString("N")[..6]);
        var client = app.Client();
        using (await CommentingAppFactory.SignInAsync(client, user))
        {
        }

        return (client, essay, user);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, int essay, string page, params (string Name, string Value)[] fields)
    {
        var values = fields.ToDictionary(f => f.Name, f => f.Value);
        values["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(page);
        return client.PostAsync(new Uri($"/essays/{essay}/composer", UriKind.Relative), new FormUrlEncodedContent(values));
    }

    [GeneratedRegex(@"^/comments/(\d+)$")]
    private static partial Regex CommentLocation();
}

internal static class UriPaths
{
    /// <summary>The path and query of an absolute or relative address.</summary>
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
