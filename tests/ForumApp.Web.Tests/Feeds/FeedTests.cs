using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using ForumApp.Data.Comments;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Feeds;

/// <summary>
/// The Atom feeds, validated by xmllint against the RELAX NG schema of RFC 4287 (atom.rng beside this file), the
/// sitemap, and the links and OpenGraph tags on the pages.
/// </summary>
public sealed class FeedTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private static string Schema => Path.Combine(TestEnvironment.RepoRoot, "tests", "ForumApp.Web.Tests", "Feeds", "atom.rng");

    private async Task<HttpResponseMessage> GetAsync(string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<XDocument> ValidFeedAsync(string url)
    {
        using var response = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("public", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        AssertValidAtom(bytes);
        var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        // The rules of RFC 4287 that the schema leaves to Schematron, and this forum's own: absolute ids and links.
        foreach (var entry in feed.Root!.Elements(Atom + "entry"))
        {
            Assert.NotEmpty(entry.Elements(Atom + "author"));
            Assert.Single(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") is null or "alternate");
        }

        foreach (var uri in feed.Descendants(Atom + "id").Select(e => e.Value).Concat(feed.Descendants(Atom + "link").Select(l => (string)l.Attribute("href")!)))
        {
            Assert.True(Uri.TryCreate(uri, UriKind.Absolute, out _), $"{uri} is not absolute");
        }

        Assert.Single(feed.Root.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && ((string)l.Attribute("href")!).EndsWith(url, StringComparison.Ordinal));
        return feed;
    }

    private static void AssertValidAtom(byte[] feed)
    {
        var file = Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.atom");
        File.WriteAllBytes(file, feed);
        try
        {
            using var xmllint = Process.Start(new ProcessStartInfo("xmllint", ["--noout", "--relaxng", Schema, file])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("xmllint did not start (apt-get install libxml2-utils)");
            var errors = xmllint.StandardError.ReadToEnd();
            xmllint.WaitForExit();
            Assert.True(xmllint.ExitCode == 0, "xmllint: " + errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private int SeedEssayId()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.ForumDbContext>();
        return db.Essays.Select(e => e.Id).First();
    }

    [Fact]
    public async Task The_essay_feed_is_valid_atom_with_the_seed_essay()
    {
        var feed = await ValidFeedAsync("/feed.atom");

        var entry = Assert.Single(feed.Root!.Elements(Atom + "entry"));
        Assert.Equal("최은창", entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("html", (string?)entry.Element(Atom + "content")!.Attribute("type"));
        Assert.Contains("<p>", entry.Element(Atom + "content")!.Value, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/essays/", entry.Element(Atom + "id")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_comment_feed_of_an_essay_is_valid_and_leaves_out_deleted_comments()
    {
        var essayId = SeedEssayId();
        var data = new TestData(factory.Services);
        var writer = await data.UserAsync("feedwriter", displayName: "피드 작성자");
        var kept = await data.CommentAsync(writer.Id, essayId, "피드에 남을 새 댓글입니다.");
        var gone = await data.CommentAsync(writer.Id, essayId, "곧 지울 댓글입니다, 피드에서 빠져야 합니다.");
        Assert.True((await factory.Services.GetRequiredService<CommentService>().DeleteAsync(writer.Actor, gone.Id)).Succeeded);

        var feed = await ValidFeedAsync($"/essays/{essayId}/feed.atom");
        var ids = feed.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value).ToList();
        Assert.Contains($"http://localhost/comments/{kept.Id}", ids);
        Assert.DoesNotContain($"http://localhost/comments/{gone.Id}", ids);
        Assert.Equal($"http://localhost/comments/{kept.Id}", ids[0]); // newest first

        var person = await ValidFeedAsync("/users/feedwriter/feed.atom");
        var entry = Assert.Single(person.Root!.Elements(Atom + "entry"));
        Assert.Equal("피드 작성자", entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
    }

    [Fact]
    public async Task Unknown_essays_and_people_have_no_feed()
    {
        using var essay = await GetAsync("/essays/99999/feed.atom");
        using var person = await GetAsync("/users/nobody-here/feed.atom");

        Assert.Equal(HttpStatusCode.NotFound, essay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, person.StatusCode);
    }

    [Fact]
    public async Task A_feed_reader_that_has_the_feed_gets_304()
    {
        using var first = await GetAsync("/feed.atom");
        using var again = await GetAsync("/feed.atom", first.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task The_sitemap_lists_the_published_essays_with_absolute_addresses_and_lastmod()
    {
        using var response = await GetAsync("/sitemap.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var sitemap = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var urls = sitemap.Root!.Elements(Sitemap + "url").ToList();
        Assert.Equal(2, urls.Count); // the home page and the seed essay
        Assert.All(urls, u => Assert.True(Uri.IsWellFormedUriString(u.Element(Sitemap + "loc")!.Value, UriKind.Absolute)));
        Assert.Contains(urls, u => u.Element(Sitemap + "loc")!.Value.StartsWith($"http://localhost/essays/{SeedEssayId()}/", StringComparison.Ordinal)
            && DateTime.TryParse(u.Element(Sitemap + "lastmod")!.Value, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task The_home_and_essay_pages_link_their_feeds_and_the_essay_page_has_opengraph_tags()
    {
        var home = WebUtility.HtmlDecode(await (await GetAsync("/")).Content.ReadAsStringAsync()); // Blazor writes '+' and Hangul as references
        var essayId = SeedEssayId();
        using var essayResponse = await GetAsync($"/essays/{essayId}");
        var essay = await (await GetAsync(essayResponse.Headers.Location?.ToString() ?? $"/essays/{essayId}")).Content.ReadAsStringAsync();
        var head = WebUtility.HtmlDecode(essay[..essay.IndexOf("</head>", StringComparison.Ordinal)]);

        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\"", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/feed.atom\"", home, StringComparison.Ordinal);
        Assert.Contains($"type=\"application/atom+xml\"", head, StringComparison.Ordinal);
        Assert.Contains($"href=\"/essays/{essayId}/feed.atom\"", head, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:type\" content=\"article\"", head, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:locale\" content=\"ko_KR\"", head, StringComparison.Ordinal);
        Assert.Contains($"<meta property=\"og:url\" content=\"http://localhost/essays/{essayId}/", head, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:title\" content=\"AI 민주화에", head, StringComparison.Ordinal);
        // The first paragraph as plain text: no Markdown or HTML left in it.
        Assert.Contains("<meta property=\"og:description\" content=\"AI 민주화의 필요성은 누구에게나 AI 기술의 접근성을", head, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary\"", head, StringComparison.Ordinal);
    }
}
