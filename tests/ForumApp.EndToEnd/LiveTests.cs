using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// A live discussion in Chromium: what others post, edit and delete appears on an open essay page without a reload,
/// the comment the reader looks at stays where it is, and a reply being written is never touched.
/// </summary>
public sealed class LiveTests(CommenterSite site, ITestOutputHelper output) : IClassFixture<CommenterSite>
{
    [Fact]
    public async Task A_new_reply_an_edit_and_a_deletion_appear_live_and_the_composer_keeps_its_text()
    {
        var writer = await site.Data.UserAsync("e2e-live-writer", displayName: "실시간 필자");
        var reader = await site.NewPageAsync();
        var problems = PageProblems.Collect(reader, failingStatus: 400);
        await reader.GotoAsync(site.EssayPath);
        await reader.EvaluateAsync("() => { window.__sameDocument = true; }");
        var composing = await site.NewPageAsync();
        var author = await site.Data.UserAsync("e2e-live-composer", displayName: "쓰는 중인 사람");
        await ForumSite.SignInAsync(composing, author, $"{site.EssayPath}?compose=1");
        await Composer.TypeAsync(composing, "아직 올리지 않은 글입니다. 표식 바람꽃.", "표식 바람꽃");
        await WaitForStreamAsync(reader);
        await WaitForStreamAsync(composing);

        var posted = await site.Data.CommentAsync(writer.Id, site.EssayId, "실시간으로 나타나야 하는 새 댓글입니다.");

        var article = reader.Locator($"article#c-{posted.Id}");
        await Expect(article).ToContainTextAsync("실시간으로 나타나야 하는 새 댓글입니다.");
        await Expect(composing.Locator($"article#c-{posted.Id}")).ToHaveCountAsync(1);
        await Expect(composing.Locator("#comment-body")).ToHaveValueAsync("아직 올리지 않은 글입니다. 표식 바람꽃.");
        Assert.True(await reader.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page must not reload");

        var comments = site.Server.Services.GetService(typeof(Data.Comments.CommentService)) as Data.Comments.CommentService;
        await comments!.EditAsync(writer.Actor, posted.Id, "실시간으로 고쳐진 댓글입니다.");
        await Expect(article.Locator(".comment-body")).ToContainTextAsync("실시간으로 고쳐진 댓글입니다.");

        await comments.DeleteAsync(writer.Actor, posted.Id);
        await Expect(reader.Locator($"article#c-{posted.Id}.comment-deleted")).ToContainTextAsync("작성자가 삭제한 댓글입니다.");
        await Expect(composing.Locator("#comment-body")).ToHaveValueAsync("아직 올리지 않은 글입니다. 표식 바람꽃.");
        problems.AssertNone(output);
        await reader.Context.CloseAsync();
        await composing.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reply_above_a_reader_far_down_does_not_move_the_page_and_is_offered_in_a_bar()
    {
        var writer = await site.Data.UserAsync("e2e-live-above", displayName: "위쪽 필자");
        var reader = await site.NewPageAsync(o => o.ViewportSize = new ViewportSize { Width = 800, Height = 500 });
        await reader.GotoAsync(site.EssayPath);
        await WaitForStreamAsync(reader);
        var first = await reader.Locator("#discussion-threads article.comment").First.GetAttributeAsync("id");
        var last = reader.Locator("#discussion-threads article.comment").Last;
        await last.ScrollIntoViewIfNeededAsync();
        var before = await last.EvaluateAsync<double>("a => a.getBoundingClientRect().top");

        var reply = await site.Data.CommentAsync(writer.Id, site.EssayId, "맨 위 댓글에 달린 새 답글입니다.", int.Parse(first!["c-".Length..], System.Globalization.CultureInfo.InvariantCulture));

        await Expect(reader.Locator($"article#c-{reply.Id}")).ToHaveCountAsync(1);
        var after = await last.EvaluateAsync<double>("a => a.getBoundingClientRect().top");
        Assert.InRange(after - before, -2, 2);
        var bar = reader.Locator("#live-new-bar");
        await Expect(bar).ToHaveTextAsync("새 댓글 1개");
        await bar.ClickAsync();
        await Expect(reader.Locator($"article#c-{reply.Id}")).ToBeInViewportAsync();
        await Expect(bar).ToHaveCountAsync(0);
        await reader.Context.CloseAsync();
    }

    // The stream is open once the server said so: events before that would be missed by a fresh page.
    private static async Task WaitForStreamAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => window.__forumLive && window.__forumLive.source.readyState === 1");
}
