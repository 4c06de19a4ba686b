using System.Net;
using System.Text.RegularExpressions;
using ForumApp.Core.Comments;
using ForumApp.Data.Queries;
using ForumApp.Data.Samples;
using ForumApp.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Pages;

public sealed partial class LargeDiscussionTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    [Fact]
    public async Task Every_comment_above_the_depth_cap_is_on_exactly_one_page_reached_by_following_next_links()
    {
        var client = factory.CreateClient();
        var id = await factory.Services.GetRequiredService<SampleEssayGenerator>().CreateAsync(2000);
        var detail = (await factory.Services.GetRequiredService<EssayQueries>().GetAsync(id))!;
        var threads = detail.Threads();
        var shown = Flatten(threads).Where(n => n.Depth <= ThreadDisplay.DefaultMaxDepth).Select(n => n.Comment.Id).Order().ToList();
        var continued = Flatten(threads).Count(n => n.Depth == ThreadDisplay.DefaultMaxDepth && n.Children.Count > 0);

        var seen = new List<int>();
        var continuations = 0;
        var pages = 0;
        string? next = $"/essays/{id}/{Uri.EscapeDataString(detail.Essay.Slug)}";
        var firstPageComments = 0;
        while (next is not null)
        {
            using var response = await client.GetAsync(new Uri(next, UriKind.Relative));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ids = ArticleId().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            firstPageComments = pages == 0 ? ids.Count : firstPageComments;
            seen.AddRange(ids);
            continuations += html.Split("class=\"thread-continues\"").Length - 1;
            pages++;
            var link = NextLink().Match(html);
            next = link.Success ? WebUtility.HtmlDecode(link.Groups[1].Value) : null;
        }

        Assert.Equal(2000, detail.Comments.Count);
        Assert.True(pages > 10, $"2,000 comments should make many pages, got {pages}");
        Assert.InRange(firstPageComments, DiscussionPages.DefaultPageSize, 4 * DiscussionPages.DefaultPageSize);
        Assert.Equal(seen.Count, seen.Distinct().Count()); // no comment twice
        Assert.Equal(shown, seen.Order().ToList()); // every comment once
        Assert.Equal(continued, continuations);
    }

    [Fact]
    public async Task A_permalink_lands_on_the_page_of_its_thread_and_the_anchor_is_there()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var id = await factory.Services.GetRequiredService<SampleEssayGenerator>().CreateAsync(600, seed: 7);
        var detail = (await factory.Services.GetRequiredService<EssayQueries>().GetAsync(id))!;
        var last = Flatten(detail.Threads()).Where(n => n.Depth <= 1).MaxBy(n => n.Comment.Id)!.Comment.Id;

        using var redirect = await client.GetAsync(new Uri($"/comments/{last}", UriKind.Relative));
        var location = redirect.Headers.Location!.IsAbsoluteUri ? redirect.Headers.Location.PathAndQuery + redirect.Headers.Location.Fragment : redirect.Headers.Location.OriginalString;
        using var page = await client.GetAsync(new Uri(location.Split('#')[0], UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Matches(@"\?page=\d+#c-" + last + "$", location);
        Assert.Contains($"id=\"c-{last}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_in_another_order_hold_the_same_comments_and_unknown_pages_are_not_found()
    {
        var client = factory.CreateClient();
        var id = await factory.Services.GetRequiredService<SampleEssayGenerator>().CreateAsync(300, seed: 3);
        var slug = Uri.EscapeDataString((await factory.Services.GetRequiredService<EssayQueries>().GetAsync(id))!.Essay.Slug);

        var oldest = await AllIdsAsync(client, $"/essays/{id}/{slug}");
        var mostReplies = await AllIdsAsync(client, $"/essays/{id}/{slug}?sort=replies");
        using var beyond = await client.GetAsync(new Uri($"/essays/{id}/{slug}?page=999", UriKind.Relative));

        Assert.Equal(oldest.Order(), mostReplies.Order());
        Assert.NotEqual(oldest, mostReplies);
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    private static async Task<List<int>> AllIdsAsync(HttpClient client, string start)
    {
        var all = new List<int>();
        string? next = start;
        while (next is not null)
        {
            var html = await client.GetStringAsync(new Uri(next, UriKind.Relative));
            all.AddRange(ArticleId().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            var link = NextLink().Match(html);
            next = link.Success ? WebUtility.HtmlDecode(link.Groups[1].Value) : null;
        }

        return all;
    }

    private static IEnumerable<CommentNode> Flatten(IEnumerable<CommentNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Children).Prepend(n));

    [GeneratedRegex("<article class=\"comment[^\"]*\" id=\"c-(\\d+)\"")]
    private static partial Regex ArticleId();

    [GeneratedRegex("<link rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
