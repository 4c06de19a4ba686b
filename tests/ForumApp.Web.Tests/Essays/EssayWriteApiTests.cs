using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Essays;

/// <summary>The essay API as a client uses it: write a draft, publish, revise, reply to a paragraph with a stance.</summary>
public sealed class EssayWriteApiTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static readonly string[] s_paragraphs =
    [
        "첫째 문단: 오픈소스 모델은 누구나 내려받아 쓸 수 있다.",
        "둘째 문단: 하지만 컴퓨팅 자원은 여전히 비싸다.",
        "셋째 문단: 그래서 공공 인프라가 필요하다.",
    ];

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<(TestUser Author, int Id)> DraftAsync(string? body = null)
    {
        var author = await app.CreateUserAsync("writer-" + Unique(), ForumRoles.Author);
        var created = await app.Client(author.Token).PostAsJsonAsync("/api/essays",
            new { title = "API로 쓴 에세이 " + Unique(), bodyMarkdown = body ?? string.Join("\n\n", s_paragraphs) + "\n\n" + Unique(), tags = new[] { "AI 민주화", "오픈소스" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (author, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_new_essay_is_a_draft_at_revision_1_that_only_its_author_reads()
    {
        var author = await app.CreateUserAsync("writer-" + Unique(), ForumRoles.Author);

        var created = await app.Client(author.Token).PostAsJsonAsync("/api/essays",
            new { title = "  첫 에세이 " + Unique(), bodyMarkdown = "한 문단짜리 글입니다.", tags = new[] { "오픈소스" } });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/essays/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("revision").GetInt32());
        Assert.Equal("오픈소스", body.GetProperty("tags")[0].GetString());
        var anonymous = await app.Client().GetAsync($"/api/essays/{id}");
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        var own = await app.Client(author.Token).GetFromJsonAsync<JsonElement>($"/api/essays/{id}");
        Assert.Equal("draft", own.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publish_reply_to_a_paragraph_with_a_stance_revise_and_read_every_revision()
    {
        var (author, id) = await DraftAsync();
        var reader = await app.CreateUserAsync("reader-" + Unique());

        var published = await app.Client(author.Token).PostAsync($"/api/essays/{id}/publish?force=true", null);
        var reply = await app.Client(reader.Token).PostAsJsonAsync($"/api/essays/{id}/comments", new { body = "비싸지 않습니다 " + Unique(), paragraphId = 2, stance = "disagree" });
        var revised = await app.Client(author.Token).PutAsJsonAsync($"/api/essays/{id}",
            new { bodyMarkdown = string.Join("\n\n", s_paragraphs[0], "둘째 문단: 하지만 컴퓨팅 자원은 여전히 꽤 비싸다.", s_paragraphs[2]) });
        var essay = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{id}");

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var comment = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, "disagree", 1), (comment.GetProperty("paragraphId").GetInt32(), comment.GetProperty("stance").GetString(), comment.GetProperty("essayRevision").GetInt32()));
        Assert.Equal(2, (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32());
        Assert.Equal(("published", 2), (essay.GetProperty("status").GetString(), essay.GetProperty("revision").GetInt32()));
        Assert.Equal(["AI 민주화", "오픈소스"], essay.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var paragraphs = essay.GetProperty("paragraphs").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], paragraphs.Take(3).Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(1, paragraphs[1].GetProperty("replyCount").GetInt32());
        Assert.Contains("꽤 비싸다", paragraphs[1].GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, essay.GetProperty("stanceCounts").GetProperty("disagree").GetInt32());
        Assert.Equal(1, essay.GetProperty("comments")[0].GetProperty("essayRevision").GetInt32());

        var revisions = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{id}/revisions");
        Assert.Equal([1, 2], revisions.EnumerateArray().Select(r => r.GetProperty("number").GetInt32()));
        var first = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{id}/revisions/1");
        Assert.StartsWith(string.Join("\n\n", s_paragraphs), first.GetProperty("bodyMarkdown").GetString(), StringComparison.Ordinal);
        Assert.Contains("<p>둘째 문단: 하지만 컴퓨팅 자원은 여전히 비싸다.</p>", first.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/api/essays/{id}/revisions/3")).StatusCode);
    }

    [Theory]
    [InlineData("{\"title\":\"\",\"bodyMarkdown\":\"본문\"}", "TitleEmpty")]
    [InlineData("{\"title\":\"제목\",\"bodyMarkdown\":\" \"}", "BodyEmpty")]
    [InlineData("{\"title\":\"제목\",\"bodyMarkdown\":\"본문\",\"tags\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}", "TooManyTags")]
    public async Task Invalid_essays_are_400_problems_naming_the_rule(string json, string rule)
    {
        var author = await app.CreateUserAsync("writer-" + Unique(), ForumRoles.Author);

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await app.Client(author.Token).PostAsync("/api/essays", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://forumapp.dev/problems/invalid-essay", problem.GetProperty("type").GetString());
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_over_long_title_is_refused()
    {
        var author = await app.CreateUserAsync("writer-" + Unique(), ForumRoles.Author);

        var response = await app.Client(author.Token).PostAsJsonAsync("/api/essays", new { title = new string('가', 201), bodyMarkdown = "본문" });

        Assert.Equal("TitleTooLong", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_unknown_paragraph_or_stance_is_a_400()
    {
        var (author, id) = await DraftAsync();
        await app.Client(author.Token).PostAsync($"/api/essays/{id}/publish?force=true", null);
        var reader = await app.CreateUserAsync("reader-" + Unique());

        var paragraph = await app.Client(reader.Token).PostAsJsonAsync($"/api/essays/{id}/comments", new { body = "어느 문단?", paragraphId = 999 });
        var stance = await app.Client(reader.Token).PostAsJsonAsync($"/api/essays/{id}/comments", new { body = "어떤 입장?", stance = "maybe" });

        Assert.Equal(HttpStatusCode.BadRequest, paragraph.StatusCode);
        Assert.Equal("ParagraphNotFound", (await paragraph.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, stance.StatusCode);
        Assert.Equal("UnknownStance", (await stance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Publishing_a_copy_is_a_409_with_links_until_acknowledged()
    {
        var body = string.Join("\n\n", s_paragraphs) + "\n\n넷째 문단: 복사 시험용 " + Unique();
        var (first, firstId) = await DraftAsync(body);
        await app.Client(first.Token).PostAsync($"/api/essays/{firstId}/publish", null);
        var (second, secondId) = await DraftAsync(body);

        var warned = await app.Client(second.Token).PostAsync($"/api/essays/{secondId}/publish", null);
        var forced = await app.Client(second.Token).PostAsJsonAsync($"/api/essays/{secondId}/publish", new { acknowledgeDuplicate = true });

        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        var problem = await warned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://forumapp.dev/problems/duplicate-essay", problem.GetProperty("type").GetString());
        Assert.Contains(problem.GetProperty("overlaps").EnumerateArray(), o => o.GetProperty("essayId").GetInt32() == firstId);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
    }

    [Fact]
    public async Task The_list_takes_a_tag_and_an_order_and_shows_stance_counts()
    {
        var tag = "태그" + Unique();
        var author = await app.CreateUserAsync("writer-" + Unique(), ForumRoles.Author);
        var essay = await app.Data.WrittenEssayAsync(author.Id, "태그 시험 " + Unique(), ["태그 시험 문단입니다 " + Unique()], [tag]);
        var reader = await app.CreateUserAsync("reader-" + Unique());
        await app.Client(reader.Token).PostAsJsonAsync($"/api/essays/{essay.Id}/comments", new { body = "찬성합니다 " + Unique(), stance = "agree" });

        var list = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays?tag={Uri.EscapeDataString(tag)}&sort=active");
        var bad = await app.Client().GetAsync("/api/essays?sort=popular");

        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(essay.Id, only.GetProperty("id").GetInt32());
        Assert.Equal(1, only.GetProperty("stanceCounts").GetProperty("agree").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_editor_draft_is_kept_for_its_writer_only()
    {
        var author = await app.CreateUserAsync("writer-" + Unique(), ForumRoles.Author);
        var other = await app.CreateUserAsync("other-" + Unique(), ForumRoles.Author);

        var saved = await app.Client(author.Token).PostAsJsonAsync("/api/essays/draft", new { title = "쓰던 제목", bodyMarkdown = "쓰던 본문", tags = "오픈소스" });
        var mine = await app.Client(author.Token).GetFromJsonAsync<JsonElement>("/api/essays/draft");
        var theirs = await app.Client(other.Token).GetAsync("/api/essays/draft");

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(("쓰던 제목", "쓰던 본문", "오픈소스"), (mine.GetProperty("title").GetString(), mine.GetProperty("bodyMarkdown").GetString(), mine.GetProperty("tags").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, theirs.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_essay_writes()
    {
        var document = await app.Client().GetStringAsync("/openapi/v1.json");

        foreach (var operation in new[] { "CreateEssay", "UpdateEssay", "PublishEssay", "UnpublishEssay", "RestoreEssay", "GetEssayRevisions", "GetEssayRevision" })
        {
            Assert.Contains($"\"operationId\": \"{operation}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("\"stanceCounts\"", document, StringComparison.Ordinal);
        Assert.Contains("\"paragraphId\"", document, StringComparison.Ordinal);
    }
}
