using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Bunit;
using ForumApp.Core.Markdown;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Posting;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Security;

/// <summary>Issue 14, item 2: Markdown nested deeper than the renderer allows is a clear 400, never a 500 or a dead circuit.</summary>
public sealed class NestedMarkdownTests(CommentingAppFactory app) : ComposerTestContext(app), IClassFixture<CommentingAppFactory>
{
    /// <summary>The shapes from the report, each within the 20,000-character limit.</summary>
    public static TheoryData<string, string> DeepBodies => new()
    {
        { "10,000 quote markers", new string('>', 10_000) + " 인용" },
        { "5,000 nested list levels", string.Concat(Enumerable.Repeat("- ", 5_000)) + "목록" },
        { "19,999 brackets", new string('[', 19_999) },
        { "emphasis 3,000 deep", new string('*', 3_000) + "강조" + new string('*', 3_000) },
        { "emphasis of two kinds 3,000 deep", string.Concat(Enumerable.Repeat("*a _", 3_000)) + string.Concat(Enumerable.Repeat("_*", 3_000)) },
        { "links and images 3,000 deep", string.Concat(Enumerable.Repeat("![", 3_000)) + "링크" + string.Concat(Enumerable.Repeat("](u)", 3_000)) },
        { "quotes in lists 3,000 deep", string.Concat(Enumerable.Repeat("> - ", 3_000)) + "x" },
    };

    [Theory]
    [MemberData(nameof(DeepBodies))]
    public async Task Posting_deeply_nested_Markdown_is_400_problem_json_with_a_Korean_title_and_stores_nothing(string shape, string body)
    {
        var essay = await App.CreateEssayAsync();
        var user = await App.CreateUserAsync("deep-" + Guid.NewGuid().ToString("N")[..8]);

        var response = await App.Client(user.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{shape}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("TooDeeplyNested", problem.GetProperty("rule").GetString());
        Assert.Contains("너무 깊게 겹쳐", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var tree = await App.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}");
        Assert.Equal(0, tree.GetProperty("commentCount").GetInt32());

        // The refused text must not change how the next comment renders (a dirty Markdig pipeline once did).
        var next = await App.Client(user.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "**굵게** 그리고 *기울임* " + Guid.NewGuid().ToString("N") });
        var html = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bodyHtml").GetString();
        Assert.Contains("<strong>굵게</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>기울임</em>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_into_deeply_nested_Markdown_is_400_and_keeps_the_old_text()
    {
        var essay = await App.CreateEssayAsync();
        var user = await App.CreateUserAsync("deep-edit-" + Guid.NewGuid().ToString("N")[..8]);
        var client = App.Client(user.Token);
        var created = await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "처음 글" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var response = await client.PutAsJsonAsync($"/api/comments/{id}", new { body = new string('>', 10_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var revisions = await App.Client().GetFromJsonAsync<JsonElement>($"/api/comments/{id}/revisions");
        Assert.Equal("처음 글", Assert.Single(revisions.EnumerateArray()).GetProperty("bodyMarkdown").GetString());
    }

    [Fact]
    public async Task Typing_deeply_nested_Markdown_shows_a_Korean_message_and_the_composer_keeps_working()
    {
        var (essay, _) = await SignInAsync("deep-ui");
        var cut = RenderComposer(essay);

        Type(cut, "#comment-body", new string('>', 10_000));

        Assert.Contains("너무 깊게 겹쳐", cut.Find("#comment-preview-error").TextContent, StringComparison.Ordinal);
        cut.Find("#comment-form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("너무 깊게 겹쳐", cut.Find("#comment-error").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Type(cut, "#comment-body", "**다시** 씁니다");
        cut.WaitForAssertion(() => Assert.Contains("<strong>다시</strong>", cut.Find("#comment-preview").InnerHtml, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("#comment-preview-error"));
    }

    [Fact]
    public async Task Typing_more_than_the_limit_shows_the_length_message_instead_of_rendering_it()
    {
        var (essay, _) = await SignInAsync("deep-ui");
        var cut = RenderComposer(essay);

        cut.Find("#comment-body").Input(new string('가', 50_000));

        Assert.Contains("20,000자", cut.Find("#comment-preview-error").TextContent, StringComparison.Ordinal);
    }
}
