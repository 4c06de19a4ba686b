using System.Net;
using System.Text.RegularExpressions;

namespace ForumApp.Web.Tests.Pages;

public sealed partial class ReadingPageTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    private static readonly string[] s_seedLines = File.ReadAllLines(TestEnvironment.SeedThread);

    private async Task<string> GetHtmlAsync(string url)
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> EssayPathAsync()
    {
        var home = await GetHtmlAsync("/");
        return EssayLink().Match(home).Groups[1].Value;
    }

    [Fact]
    public async Task Home_links_to_the_seed_essay_in_Korean()
    {
        // Blazor's renderer writes Hangul as character references (&#xCD5C;): compare decoded text.
        var home = WebUtility.HtmlDecode(await GetHtmlAsync("/"));

        Assert.Contains("<html lang=\"ko\"", home, StringComparison.Ordinal);
        Assert.Matches(EssayLink(), home);
        Assert.Contains("최은창", home, StringComparison.Ordinal);
        Assert.Contains("댓글 10개", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_essay_page_shows_every_distinct_paragraph_exactly_once()
    {
        var page = WebUtility.HtmlDecode(await GetHtmlAsync(await EssayPathAsync()));
        // What a reader sees: the body (the head's og:description repeats the start of the first paragraph).
        var html = page[page.IndexOf("<body", StringComparison.Ordinal)..];

        // Lines 3-28: the essay's paragraphs, their repeat, the comments and their repeat.
        foreach (var paragraph in s_seedLines[2..].Distinct())
        {
            Assert.Equal(1, html.Split(paragraph).Length - 1);
        }

        Assert.Contains("<h1 class=\"essay-title\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_essay_page_is_rendered_on_the_server_without_an_interactive_circuit()
    {
        var html = await GetHtmlAsync(await EssayPathAsync());

        Assert.Contains("class=\"comment", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/old-title", "")]
    [InlineData("/old-title", "?reply=1")]
    [InlineData("", "?page=2")]
    [InlineData("/", "?sort=newest&page=1")]
    public async Task A_wrong_or_missing_slug_redirects_permanently_to_the_essay_s_address_keeping_the_query(string slugPart, string query)
    {
        var path = await EssayPathAsync();
        var id = path.Split('/')[2];
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri($"/essays/{id}{slugPart}{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(path + query, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_continued_thread_with_an_old_slug_redirects_to_its_current_address()
    {
        var path = await EssayPathAsync();
        var id = path.Split('/')[2];
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri($"/essays/{id}/old-title/comments/3?x=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"{path}/comments/3?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_essay_is_a_Korean_404_page()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/essays/424242/x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("페이지를 찾을 수 없습니다", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/", UriKind.Relative));

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_the_Korean_reconnect_dialog_and_its_module_from_this_origin()
    {
        var home = WebUtility.HtmlDecode(await GetHtmlAsync("/"));
        var module = ReconnectModule().Match(home);

        Assert.Contains("<dialog id=\"components-reconnect-modal\"", home, StringComparison.Ordinal);
        Assert.Contains("서버에 다시 연결하는 중입니다…", home, StringComparison.Ordinal);
        Assert.True(module.Success, "no <script type=\"module\"> for ReconnectModal.razor.js on /");
        var src = module.Groups[1].Value;
        Assert.DoesNotContain("//", src, StringComparison.Ordinal); // a path of this origin: script-src 'self' allows it
        using var script = await factory.CreateClient().GetAsync(new Uri("/" + src.TrimStart('/'), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("components-reconnect-state-changed", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"(/essays/\\d+/[^\"#]+)\"")]
    private static partial Regex EssayLink();

    [GeneratedRegex("<script type=\"module\" src=\"([^\"]*ReconnectModal[^\"]*\\.js)\"")]
    private static partial Regex ReconnectModule();
}

public sealed class PermalinkTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    [Fact]
    public async Task A_merged_copy_s_permalink_leads_to_the_kept_comment()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var essay = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/essays/1", UriKind.Relative))).RootElement;
        var copy = essay.GetProperty("comments").EnumerateArray().First(c => c.GetProperty("status").GetString() == "merged");
        var kept = copy.GetProperty("mergedIntoId").GetInt32();

        using var response = await client.GetAsync(new Uri($"/comments/{copy.GetProperty("id").GetInt32()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"#c-{kept}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/essays/1/", response.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_comment_permalink_is_a_404()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/comments/987654", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
