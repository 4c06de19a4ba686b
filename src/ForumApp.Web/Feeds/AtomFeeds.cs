using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using ForumApp.Data.Feeds;
using ForumApp.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Feeds;

/// <summary>
/// Builds the Atom 1.0 documents of the feeds with System.ServiceModel.Syndication: every id and link absolute, every
/// entry with its author, HTML content as escaped text (type="html"), newest first.
/// </summary>
internal static class AtomFeeds
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static SyndicationFeed Essays(HttpContext http, IStringLocalizer<UiText> l, IReadOnlyList<FeedEssay> essays)
    {
        var feed = NewFeed(http, "/feed.atom", "/", l["ForumApp 새 에세이"], essays.Select(e => e.PublishedAt).DefaultIfEmpty().Max());
        feed.Description = new TextSyndicationContent(l["ForumApp에 새로 올라온 에세이"]);
        feed.Items = [.. essays.Select(e =>
        {
            var item = NewItem(http, e.Path, e.Title, e.AuthorName, e.PublishedAt, e.UpdatedAt);
            item.Summary = new TextSyndicationContent(e.Lede);
            item.Content = new TextSyndicationContent(e.BodyHtml, TextSyndicationContentKind.Html);
            return item;
        })];
        return feed;
    }

    public static SyndicationFeed Comments(HttpContext http, IStringLocalizer<UiText> l, string selfPath, string title, FeedCommentList list)
    {
        var feed = NewFeed(http, selfPath, list.Path, title, list.Comments.Select(c => c.UpdatedAt).DefaultIfEmpty().Max());
        feed.Items = [.. list.Comments.Select(c =>
        {
            var item = NewItem(http, $"/comments/{c.Id}", l["{0} 님이 ‘{1}’에 단 댓글", c.AuthorName, c.EssayTitle], c.AuthorName, c.CreatedAt, c.UpdatedAt);
            item.Content = new TextSyndicationContent(c.BodyHtml, TextSyndicationContentKind.Html);
            return item;
        })];
        return feed;
    }

    /// <summary>The feed as UTF-8 bytes (no byte order mark).</summary>
    public static byte[] ToBytes(SyndicationFeed feed)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return stream.ToArray();
    }

    private static SyndicationFeed NewFeed(HttpContext http, string selfPath, string pagePath, string title, DateTime updated)
    {
        var self = SiteAddress.Of(http, selfPath);
        var feed = new SyndicationFeed(title, null, SiteAddress.Of(http, pagePath))
        {
            Id = self.AbsoluteUri,
            Language = "ko",
            LastUpdatedTime = Utc(updated == default ? DateTime.UnixEpoch : updated),
            Generator = "ForumApp",
        };
        feed.Authors.Add(new SyndicationPerson { Name = "ForumApp" });
        feed.Links.Add(new SyndicationLink(self, "self", title, "application/atom+xml", 0));
        return feed;
    }

    private static SyndicationItem NewItem(HttpContext http, string path, string title, string author, DateTime published, DateTime updated)
    {
        var address = SiteAddress.Of(http, path);
        var item = new SyndicationItem { Id = address.AbsoluteUri, Title = new TextSyndicationContent(title), PublishDate = Utc(published), LastUpdatedTime = Utc(updated) };
        item.Links.Add(SyndicationLink.CreateAlternateLink(address, "text/html"));
        item.Authors.Add(new SyndicationPerson { Name = author });
        return item;
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
