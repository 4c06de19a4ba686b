using System.Globalization;
using System.IO.Hashing;
using System.Xml;
using System.Xml.Linq;
using ForumApp.Data.Feeds;
using ForumApp.Web.Localization;
using ForumApp.Web.RateLimiting;
using ForumApp.Web.Reading;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace ForumApp.Web.Feeds;

/// <summary>
/// The Atom feeds (new essays, an essay's new comments, a person's comments) and the sitemap. They show only what
/// anyone may read, so they are cached like the read API (the output cache, evicted by the change feed) and by
/// browsers and feed readers (<c>Cache-Control: public</c>, an ETag, 304 for a matching If-None-Match).
/// </summary>
public static class FeedEndpoints
{
    /// <summary>How long a feed reader may keep a feed without asking again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>At most this many essays in the sitemap (the protocol's limit per file).</summary>
    public const int SitemapLimit = 50_000;

    private static readonly XNamespace s_sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>Maps <c>/feed.atom</c>, <c>/essays/{id}/feed.atom</c>, <c>/users/{name}/feed.atom</c> and <c>/sitemap.xml</c>.</summary>
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        // Documents for feed readers and crawlers, not part of the JSON API: left out of the OpenAPI document.
        var group = routes.MapGroup("").ExcludeFromDescription().RequireRateLimiting(RateLimits.Read).CacheOutput(ReadingCache.Policy);

        group.MapGet("/feed.atom", async (FeedQueries feeds, IStringLocalizer<UiText> l, HttpContext http, CancellationToken ct) =>
            Feed(http, AtomFeeds.Essays(http, l, await feeds.RecentEssaysAsync(cancellationToken: ct))))
            .WithName("EssayFeed").WithSummary("Atom 1.0 feed of the newest published essays.");

        group.MapGet("/essays/{id:int}/feed.atom", async (int id, FeedQueries feeds, IStringLocalizer<UiText> l, HttpContext http, CancellationToken ct) =>
            await feeds.EssayCommentsAsync(id, cancellationToken: ct) is { } list
                ? Feed(http, AtomFeeds.Comments(http, l, $"/essays/{id}/feed.atom", l["‘{0}’의 새 댓글", list.Title], list))
                : Results.NotFound())
            .WithName("EssayCommentFeed").WithSummary("Atom 1.0 feed of the newest visible comments of a published essay.");

        group.MapGet("/users/{name}/feed.atom", async (string name, FeedQueries feeds, IStringLocalizer<UiText> l, HttpContext http, CancellationToken ct) =>
            await feeds.UserCommentsAsync(name, cancellationToken: ct) is { } list
                ? Feed(http, AtomFeeds.Comments(http, l, $"/users/{Uri.EscapeDataString(name)}/feed.atom", l["{0} 님의 댓글", list.Title], list))
                : Results.NotFound())
            .WithName("UserCommentFeed").WithSummary("Atom 1.0 feed of a person's newest visible comments.");

        group.MapGet("/sitemap.xml", async (FeedQueries feeds, HttpContext http, CancellationToken ct) =>
            Xml(http, Sitemap(http, await feeds.PublishedEssaysAsync(SitemapLimit, ct)), "application/xml; charset=utf-8"))
            .WithName("Sitemap").WithSummary("The sitemap: the home page and every published essay, with absolute addresses and lastmod.");
        return routes;
    }

    private static IResult Feed(HttpContext http, System.ServiceModel.Syndication.SyndicationFeed feed) =>
        Cached(http, AtomFeeds.ToBytes(feed), AtomFeeds.ContentType);

    private static IResult Xml(HttpContext http, XDocument document, string contentType)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            document.Save(writer);
        }

        return Cached(http, stream.ToArray(), contentType);
    }

    private static XDocument Sitemap(HttpContext http, IReadOnlyList<(int Id, string Slug, DateTime LastModified)> essays)
    {
        var urls = new XElement(s_sitemap + "urlset",
            new XElement(s_sitemap + "url",
                new XElement(s_sitemap + "loc", SiteAddress.Of(http, "/").AbsoluteUri),
                essays.Count > 0 ? new XElement(s_sitemap + "lastmod", W3CDate(essays.Max(e => e.LastModified))) : null),
            essays.Select(e => new XElement(s_sitemap + "url",
                new XElement(s_sitemap + "loc", SiteAddress.Of(http, Core.Essays.EssayLinks.Path(e.Id, e.Slug)).AbsoluteUri),
                new XElement(s_sitemap + "lastmod", W3CDate(e.LastModified)))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), urls);
    }

    private static string W3CDate(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IResult Cached(HttpContext http, byte[] body, string contentType)
    {
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(XxHash3.Hash(body)) + "\"");
        http.Response.Headers.CacheControl = $"public, max-age={(int)MaxAge.TotalSeconds}";
        http.Response.Headers.ETag = etag.ToString();
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(body, contentType);
    }
}
