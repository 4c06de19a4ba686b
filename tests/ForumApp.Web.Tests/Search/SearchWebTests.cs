using System.Net;
using System.Text.Json;
using ForumApp.Web.Cli;
using Microsoft.Data.Sqlite;

namespace ForumApp.Web.Tests.Search;

/// <summary>The search API, the results page without JavaScript and the header's search box, on the seed thread.</summary>
public sealed class SearchWebTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> GetAsync(string url)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_returns_ranked_pages_of_essays_and_comments_with_marked_snippets()
    {
        var (status, type, body) = await GetAsync("/api/search?q=" + Uri.EscapeDataString("민주화"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("민주화", json.GetProperty("query").GetString());
        Assert.Equal(1, json.GetProperty("page").GetInt32());
        Assert.Equal(20, json.GetProperty("pageSize").GetInt32());
        Assert.True(json.GetProperty("totalCount").GetInt32() >= 2);
        Assert.True(json.GetProperty("pageCount").GetInt32() >= 1);
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "essay" && i.GetProperty("commentId").ValueKind == JsonValueKind.Null);
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "comment" && i.GetProperty("commentId").ValueKind == JsonValueKind.Number);
        foreach (var item in items)
        {
            foreach (var name in new[] { "kind", "essayId", "commentId", "essayTitle", "url", "author", "date", "snippet" })
            {
                Assert.True(item.TryGetProperty(name, out _), $"missing {name}");
            }

            Assert.Contains("<mark>민주화</mark>", item.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_word_with_a_particle_and_a_decomposed_query_find_the_same_comments()
    {
        var plain = JsonDocument.Parse((await GetAsync("/api/search?q=" + Uri.EscapeDataString("플랫폼"))).Body).RootElement;
        var nfd = JsonDocument.Parse((await GetAsync("/api/search?q=" + Uri.EscapeDataString("플랫폼".Normalize(System.Text.NormalizationForm.FormD)))).Body).RootElement;

        Assert.True(plain.GetProperty("totalCount").GetInt32() > 0);
        Assert.Equal(plain.GetProperty("totalCount").GetInt32(), nfd.GetProperty("totalCount").GetInt32());
        Assert.Contains(plain.GetProperty("items").EnumerateArray(), i => i.GetProperty("snippet").GetString()!.Contains("<mark>플랫폼</mark>을", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/search")]
    [InlineData("/api/search?q=%20%20")]
    [InlineData("/api/search?q=%3F%3F%3F")]
    [InlineData("/api/search?q=AI&page=0")]
    public async Task A_bad_query_is_a_problem(string url)
    {
        var (status, type, body) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("https://forumapp.dev/problems/invalid-search", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task An_over_long_query_is_a_problem()
    {
        var (status, type, _) = await GetAsync("/api/search?q=" + new string('가', 201));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
    }

    [Fact]
    public async Task The_results_page_works_without_javascript_from_a_plain_get_form()
    {
        var (status, type, raw) = await GetAsync("/search?q=" + Uri.EscapeDataString("민주화"));
        var html = WebUtility.HtmlDecode(raw); // Blazor writes Hangul as character references

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", type);
        Assert.Contains("<form class=\"search-form\" method=\"get\" action=\"/search\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"민주화\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>민주화</mark>", raw, StringComparison.Ordinal);
        Assert.Contains("‘민주화’ 검색 결과", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/comments/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("_framework/blazor.web.js\" autostart=\"false\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_results_page_says_when_nothing_is_found_and_explains_a_refused_query()
    {
        var none = WebUtility.HtmlDecode((await GetAsync("/search?q=" + Uri.EscapeDataString("존재하지않는낱말"))).Body);
        var refused = WebUtility.HtmlDecode((await GetAsync("/search?q=" + Uri.EscapeDataString("???"))).Body);
        var empty = await GetAsync("/search");

        Assert.Contains("찾는 글이 없습니다", none, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", refused, StringComparison.Ordinal);
        Assert.Contains("검색어에 글자나 숫자가 없습니다.", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.DoesNotContain("검색 결과", WebUtility.HtmlDecode(empty.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_has_the_search_box_in_its_header()
    {
        var (_, _, html) = await GetAsync("/");

        Assert.Contains("<form class=\"site-search\" method=\"get\" action=\"/search\" role=\"search\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"q\"", html, StringComparison.Ordinal);
    }
}

/// <summary>The <c>search rebuild</c> verb.</summary>
public sealed class SearchCommandTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"forum-cli-{Guid.NewGuid():N}.db");
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private string DbArg => $"--ConnectionStrings:Forum=Data Source={_db}";

    [Fact]
    public async Task Rebuild_reports_progress_and_the_number_of_documents()
    {
        Assert.Equal(0, await ForumCli.RunAsync(["import", TestEnvironment.SeedThread, DbArg], new StringWriter(), new StringWriter()));

        var exit = await ForumCli.RunAsync(["search", "rebuild", DbArg], _out, _err);

        Assert.Equal(0, exit);
        Assert.Matches(@"^search rebuild: 11 documents indexed in \d+\.\d s$", _out.ToString().Trim());
        Assert.Contains("search rebuild: 100% (11/11 documents)", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_one_line_and_a_non_zero_exit()
    {
        var exit = await ForumCli.RunAsync(["search", "rebuild", "--Database:Provider=Postgres", "--ConnectionStrings:Forum=Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2"], _out, _err);

        Assert.Equal(1, exit);
        var line = Assert.Single(_err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("search rebuild failed: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.Equal("", _out.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_db + suffix);
        }
    }
}
