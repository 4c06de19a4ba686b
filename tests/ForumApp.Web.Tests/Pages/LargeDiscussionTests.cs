using System.Net;
using ForumApp.Core.Comments;
using ForumApp.Data.Queries;
using ForumApp.Data.Samples;
using ForumApp.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Pages;

public sealed class LargeDiscussionTests(ForumWebFactory factory) : IClassFixture<ForumWebFactory>
{
    [Fact]
    public async Task An_essay_with_2000_nested_comments_renders_every_comment_above_the_depth_cap()
    {
        var client = factory.CreateClient();
        var id = await factory.Services.GetRequiredService<SampleEssayGenerator>().CreateAsync(2000);
        var detail = (await factory.Services.GetRequiredService<EssayQueries>().GetAsync(id))!;
        var threads = detail.Threads();
        var shown = Flatten(threads).Count(n => n.Depth <= ThreadDisplay.DefaultMaxDepth);
        var continued = Flatten(threads).Count(n => n.Depth == ThreadDisplay.DefaultMaxDepth && n.Children.Count > 0);

        using var response = await client.GetAsync(new Uri($"/essays/{id}/{Uri.EscapeDataString(detail.Essay.Slug)}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2000, detail.Comments.Count);
        Assert.True(continued > 0, "the generated discussion should go deeper than the cap");
        Assert.Equal(shown, html.Split("<article class=\"comment").Length - 1);
        Assert.Equal(continued, html.Split("class=\"thread-continues\"").Length - 1);
    }

    private static IEnumerable<CommentNode> Flatten(IEnumerable<CommentNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Children).Prepend(n));
}
