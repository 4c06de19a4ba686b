using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Data.Comments;
using ForumApp.Data.Essays;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Essays;

/// <summary>
/// The reading pages of a written essay, without JavaScript: paragraphs with permalinks and margin counts, the debate
/// summary and its filters, the revision a reply answered, the history, the list's orders and tags, and the anonymous
/// page cache when an essay is unpublished.
/// </summary>
public sealed partial class EssayPagesTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<string> ReadAsync(string path)
    {
        using var response = await app.Client().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<(TestUser Author, TestEssay Essay, CommentActor Reader)> DebateAsync()
    {
        var suffix = Unique();
        var author = await app.CreateUserAsync("writer-" + suffix, ForumRoles.Author);
        var essay = await app.Data.WrittenEssayAsync(author.Id, "문단 토론 " + suffix,
            [$"첫째 문단 {suffix}: 주장을 폅니다.", $"둘째 문단 {suffix}: 근거를 댑니다.", $"셋째 문단 {suffix}: 결론입니다."], ["토론" + suffix]);
        var reader = new CommentActor((await app.CreateUserAsync("reader-" + suffix)).Id);
        var comments = app.Services.GetRequiredService<CommentService>();
        await comments.PostAsync(reader, essay.Id, null, "근거가 약합니다 " + suffix, new CommentPostOptions(true, 2, CommentStance.Disagree));
        await comments.PostAsync(reader, essay.Id, null, "동의합니다 " + suffix, new CommentPostOptions(true, 2, CommentStance.Agree));
        await comments.PostAsync(reader, essay.Id, null, "결론이 궁금합니다 " + suffix, new CommentPostOptions(true, 3, CommentStance.Question));
        return (author, essay, reader);
    }

    [Fact]
    public async Task Every_paragraph_has_a_permalink_and_a_margin_count_linking_to_its_replies()
    {
        var (_, essay, _) = await DebateAsync();

        var html = await ReadAsync(essay.Path);

        Assert.Equal(["1", "2", "3"], ParagraphIds().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Contains($"href=\"{essay.Path}?paragraph=2#discussion\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"2문단에 대한 답글 2개\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"3문단에 대한 답글 1개\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{essay.Path}?compose=1&amp;paragraph=2#composer\"".Replace("&amp;", "&", StringComparison.Ordinal), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_counts_stances_names_the_most_discussed_paragraph_and_its_links_filter_the_discussion()
    {
        var (_, essay, _) = await DebateAsync();

        var html = await ReadAsync(essay.Path);
        var disagree = await ReadAsync(essay.Path + "?stance=disagree");
        var second = await ReadAsync(essay.Path + "?paragraph=2");

        Assert.Matches("id=\"stance-count-agree\"[^>]*>찬성 <span class=\"stance-count\"[^>]*>1</span>", html);
        Assert.Matches("id=\"stance-count-disagree\"[^>]*>반대 <span class=\"stance-count\"[^>]*>1</span>", html);
        Assert.Matches("id=\"stance-count-question\"[^>]*>질문 <span class=\"stance-count\"[^>]*>1</span>", html);
        Assert.Contains("2문단</a>", Section(html, "most-discussed"), StringComparison.Ordinal);
        Assert.Contains("근거가 약합니다", disagree, StringComparison.Ordinal);
        Assert.DoesNotContain("동의합니다", disagree, StringComparison.Ordinal);
        Assert.Contains("'반대' 입장의 답글 만 보는 중입니다", disagree, StringComparison.Ordinal);
        Assert.Contains("동의합니다", second, StringComparison.Ordinal);
        Assert.DoesNotContain("결론이 궁금합니다", second, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri(essay.Path + "?stance=maybe", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(new Uri(essay.Path + "?paragraph=99", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task After_a_revision_a_reply_says_which_revision_it_answered_and_links_to_it_and_to_what_changed()
    {
        var (author, essay, _) = await DebateAsync();
        var before = await ReadAsync(essay.Path);
        var current = await app.Client(author.Token).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/essays/{essay.Id}");
        var body = current.GetProperty("bodyMarkdown").GetString()!.Replace("근거를 댑니다", "통계 근거를 댑니다", StringComparison.Ordinal);
        await app.Client(author.Token).PutAsJsonAsync($"/api/essays/{essay.Id}", new { bodyMarkdown = body });

        var after = await ReadAsync(essay.Path);
        var history = await ReadAsync($"/essays/{essay.Id}/history?from=1");
        var first = await ReadAsync($"/essays/{essay.Id}/revisions/1");

        Assert.DoesNotContain("판에 대한 댓글", before, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"revision-note\" href=\"/essays/{essay.Id}/revisions/1\">1판에 대한 댓글</a>", after, StringComparison.Ordinal);
        Assert.Contains($"href=\"/essays/{essay.Id}/history?from=1\"", after, StringComparison.Ordinal);
        Assert.Contains("2판 · 수정 기록", after, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"2문단에 대한 답글 2개\"", after, StringComparison.Ordinal); // the edited paragraph kept its id and replies
        Assert.Contains("1판과 2판 비교", history, StringComparison.Ordinal);
        Assert.Matches("<ins class=\"diff-word-inserted\"[^>]*>통계", history);
        Assert.Contains("예전 판(1판)입니다", first, StringComparison.Ordinal);
        Assert.Contains("id=\"p-2\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpublishing_evicts_the_cached_anonymous_page_and_restoring_brings_it_back_with_its_discussion()
    {
        var (_, essay, _) = await DebateAsync();
        var moderator = await app.CreateUserAsync("mod-" + Unique(), ForumRoles.Moderator);
        await ReadAsync(essay.Path);
        await ReadAsync(essay.Path); // now served from the public page cache

        var down = await app.Client(moderator.Token).PostAsJsonAsync($"/api/essays/{essay.Id}/unpublish", new { reason = "검토 중" });
        using var hidden = await app.Client().GetAsync(new Uri(essay.Path, UriKind.Relative));
        using var hiddenApi = await app.Client().GetAsync(new Uri($"/api/essays/{essay.Id}", UriKind.Relative));
        var list = await ReadAsync("/");
        await app.Client(moderator.Token).PostAsync($"/api/essays/{essay.Id}/restore", null);
        var back = await ReadAsync(essay.Path);

        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hiddenApi.StatusCode);
        Assert.DoesNotContain($"essay-card-{essay.Id}\"", list, StringComparison.Ordinal);
        Assert.Contains("근거가 약합니다", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_pages_by_twenty_orders_by_last_reply_filters_by_tag_and_shows_stance_counts_without_script()
    {
        var (_, essay, reader) = await DebateAsync();
        var suffix = Unique();
        var author = await app.CreateUserAsync("lister-" + suffix, ForumRoles.Author);
        for (var i = 0; i < 21; i++)
        {
            await app.Data.WrittenEssayAsync(author.Id, $"목록 채우기 {suffix} {i}", [$"목록을 채우는 {i}번째 글 {suffix}입니다."]);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<CommentService>().PostAsync(reader, essay.Id, null, "다시 토론합니다 " + suffix, new CommentPostOptions(true));

        var newest = await ReadAsync("/");
        var active = await ReadAsync("/?sort=active");
        var tagged = await ReadAsync("/?tag=" + Uri.EscapeDataString(TagOf(active, essay.Id) ?? "없음"));

        Assert.Equal(20, EssayCards().Count(newest));
        Assert.Contains("rel=\"next\" href=\"/?page=2\"", newest, StringComparison.Ordinal);
        Assert.Equal(essay.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), EssayCards().Match(active).Groups[1].Value);
        Assert.Single(EssayCards().Matches(tagged));
        Assert.Contains("반대 1", Card(tagged, essay.Id), StringComparison.Ordinal);
    }

    private static string? TagOf(string html, int essayId) =>
        Regex.Match(Card(html, essayId), "class=\"tag\" href=\"[^\"]*\"[^>]*>#([^<]+)</a>") is { Success: true } m ? m.Groups[1].Value : null;

    private static string Card(string html, int essayId)
    {
        var start = html.IndexOf($"id=\"essay-card-{essayId}\"", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..];
    }

    [GeneratedRegex("<div class=\"essay-paragraph\" id=\"p-(\\d+)\"")]
    private static partial Regex ParagraphIds();

    [GeneratedRegex("<li class=\"essay-card\" id=\"essay-card-(\\d+)\"")]
    private static partial Regex EssayCards();
}
