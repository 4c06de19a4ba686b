using System.Net;
using System.Text.Json;

namespace ForumApp.Web.Tests.Api;

public sealed class EssayApiTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    private static readonly string[] s_seedLines = File.ReadAllLines(TestEnvironment.SeedThread);

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task The_list_has_the_seed_essay_in_camelCase()
    {
        var list = await GetJsonAsync("/api/essays");

        var essay = Assert.Single(list.EnumerateArray());
        Assert.Equal(JsonValueKind.Number, essay.GetProperty("id").ValueKind);
        Assert.Equal("최은창", essay.GetProperty("author").GetString());
        Assert.StartsWith("2022-12-06", essay.GetProperty("publishedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, essay.GetProperty("commentCount").GetInt32());
        Assert.False(string.IsNullOrEmpty(essay.GetProperty("slug").GetString()));
        Assert.False(string.IsNullOrEmpty(essay.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task The_essay_has_its_body_and_a_tree_where_each_comment_is_visible_once()
    {
        var id = (await GetJsonAsync("/api/essays"))[0].GetProperty("id").GetInt32();

        var essay = await GetJsonAsync($"/api/essays/{id}");

        foreach (var name in new[] { "id", "slug", "title", "lede", "author", "publishedAt", "bodyMarkdown", "bodyHtml", "comments" })
        {
            Assert.True(essay.TryGetProperty(name, out _), $"missing {name}");
        }

        var comments = Flatten(essay.GetProperty("comments")).ToList();
        var visible = comments.Where(c => c.GetProperty("status").GetString() == "visible").ToList();
        foreach (var text in s_seedLines[8..].Distinct())
        {
            Assert.Single(visible, c => c.GetProperty("bodyMarkdown").GetString() == text);
        }

        var merged = comments.Where(c => c.GetProperty("status").GetString() == "merged").ToList();
        Assert.Equal(10, merged.Count);
        Assert.All(merged, m => Assert.Contains(visible, v => v.GetProperty("id").GetInt32() == m.GetProperty("mergedIntoId").GetInt32()));
        Assert.All(merged, m => Assert.True(m.GetProperty("source").GetProperty("line").GetInt32() > 18));
        foreach (var c in comments)
        {
            foreach (var name in new[] { "id", "parentId", "author", "bodyMarkdown", "bodyHtml", "createdAt", "status", "mergedIntoId", "children" })
            {
                Assert.True(c.TryGetProperty(name, out _), $"comment missing {name}");
            }
        }

        var json = essay.GetRawText();
        foreach (var paragraph in s_seedLines[2..5])
        {
            Assert.Equal(1, CountOf(essay.GetProperty("bodyMarkdown").GetString()!, paragraph));
        }

        Assert.DoesNotContain("\"status\":\"Visible\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_essay_is_a_404_problem()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/api/essays/999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_bad_page_request_is_a_400_problem()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/api/essays?pageSize=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_essay_endpoints()
    {
        var doc = await GetJsonAsync("/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/essays", out _));
        Assert.True(paths.TryGetProperty("/api/essays/{id}", out _));
    }

    [Fact]
    public async Task Health_check_reports_the_database()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.False(report.GetProperty("checks").TryGetProperty("redis", out _)); // one node: no Redis to report
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement nodes)
    {
        foreach (var node in nodes.EnumerateArray())
        {
            yield return node;
            foreach (var child in Flatten(node.GetProperty("children")))
            {
                yield return child;
            }
        }
    }

    private static int CountOf(string haystack, string needle) => haystack.Split(needle).Length - 1;
}
