using System.Globalization;
using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// Issue 15 in Chromium: nothing typed into the composer is lost. The start of the composer's circuit is held back
/// (its blazor.web.js request waits for the test), as on a slow phone network: what is typed and quoted before it
/// starts is carried into the interactive composer, or posted by the plain form. Drafts come back after a reload and a
/// closed tab, go once posted, and a refused post keeps the text.
/// </summary>
public sealed partial class ComposerDraftTests(DraftSite site, ITestOutputHelper output) : IClassFixture<DraftSite>
{
    [Fact]
    public async Task Typing_and_quoting_before_the_composer_is_interactive_is_kept_and_posted()
    {
        var page = await SignedInPageAsync("e2e-early-typist", "일찍 쓰는 사람");
        var problems = PageProblems.Collect(page, failingStatus: 400);
        var held = await Composer.HoldBlazorStartAsync(page);

        await page.GotoAsync($"{site.EssayPath}?reply={await SeedCommentIdAsync()}#composer", new() { WaitUntil = WaitUntilState.Commit });
        var box = page.Locator("#comment-body");
        await Expect(box).ToBeVisibleAsync();
        await box.ClickAsync();
        const string typed = "연결되기 전에 바로 쓴 답글입니다. 표식 새벽바람.";
        await page.Keyboard.TypeAsync(typed);
        await page.Locator("#quote-picker > summary").ClickAsync();
        await page.Locator(".quote-paragraph").First.ClickAsync();

        // Still the static page: no circuit yet, and the box holds the text and the quote.
        Assert.True(held.Requested);
        await Expect(Composer.LiveBox(page)).ToHaveCountAsync(0);
        await Expect(box).ToHaveValueAsync(new Regex("^" + Regex.Escape(typed) + "\\n\\n> "));
        await Expect(page.Locator("#comment-count")).Not.ToHaveTextAsync(new Regex("^0 /"));
        await Expect(page.Locator("#comment-preview")).ToContainTextAsync("연결되면 미리 보기가 나타납니다");
        var beforeStart = await box.InputValueAsync();

        held.Release();
        await Composer.WaitForInteractiveAsync(page);

        // The interactive composer took it over: the server renders the preview of the same text, and the caret
        // stayed in the box, so typing goes on where it was.
        await Expect(Composer.LiveBox(page)).ToHaveValueAsync(beforeStart);
        await Expect(page.Locator("#comment-preview")).ToContainTextAsync("표식 새벽바람");
        await Expect(page.Locator("#comment-preview blockquote")).ToHaveCountAsync(1);
        await page.Keyboard.TypeAsync("덧붙임 표식 한울.");
        await Expect(page.Locator("#comment-preview")).ToContainTextAsync("덧붙임 표식 한울.");

        var id = await SubmitAndLandAsync(page);
        var body = page.Locator($"#c-{id} .comment-body");
        await Expect(body).ToContainTextAsync(typed);
        await Expect(body.Locator("blockquote")).ToHaveCountAsync(1);
        await Expect(body).ToContainTextAsync("덧붙임 표식 한울.");
        problems.AssertNone(output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Replying_from_the_essay_page_keeps_what_is_typed_while_the_circuit_opens()
    {
        // As the issue tried it: the essay page is read (no circuit), 답글 opens the composer in place (Blazor's
        // enhanced navigation), and its circuit opens a moment later; here the moment lasts until the test says so.
        var page = await SignedInPageAsync("e2e-replier", "바로 답하는 사람");
        var seed = await SeedCommentIdAsync();
        await page.GotoAsync(site.EssayPath);
        await Composer.WaitForBlazorAsync(page);
        var negotiation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex("/_blazor/negotiate"), async route =>
        {
            await negotiation.Task;
            await route.ContinueAsync();
        });

        await page.Locator($"#c-{seed} .reply-link").ClickAsync();
        var box = page.Locator("#comment-body");
        await box.ClickAsync();
        const string typed = "답글을 누르자마자 쓴 글입니다. 표식 도담도담.";
        await page.Keyboard.TypeAsync(typed);
        await Expect(page).ToHaveURLAsync(new Regex($"\\?reply={seed}#composer$"));
        await Expect(Composer.LiveBox(page)).ToHaveCountAsync(0);

        negotiation.TrySetResult();
        await Composer.WaitForInteractiveAsync(page);

        await Expect(Composer.LiveBox(page)).ToHaveValueAsync(typed);
        await Expect(page.Locator("#comment-preview")).ToContainTextAsync("표식 도담도담");
        await Expect(page.Locator("#comment-count")).Not.ToHaveTextAsync(new Regex("^0 /"));
        var id = await SubmitAndLandAsync(page);
        await Expect(page.Locator($"#c-{id} .comment-body")).ToContainTextAsync(typed);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Posting_before_the_composer_is_interactive_goes_through_the_plain_form()
    {
        var page = await SignedInPageAsync("e2e-early-poster", "일찍 올리는 사람");
        var held = await Composer.HoldBlazorStartAsync(page);
        try
        {
            await page.GotoAsync($"{site.EssayPath}?compose=1#composer", new() { WaitUntil = WaitUntilState.Commit });
            var box = page.Locator("#comment-body");
            await box.ClickAsync();
            const string typed = "회로가 열리기 전에 올린 댓글입니다. 표식 이른아침.";
            await page.Keyboard.TypeAsync(typed);
            await Expect(Composer.LiveBox(page)).ToHaveCountAsync(0);

            await page.Locator("#comment-submit").ClickAsync();

            await page.WaitForURLAsync(CommentAnchor(), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
            var id = int.Parse(CommentAnchor().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
            await Expect(page.Locator($"#c-{id} .comment-body")).ToContainTextAsync(typed);
        }
        finally
        {
            held.Release();
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_draft_comes_back_after_a_reload_and_a_closed_tab_and_goes_once_posted()
    {
        var page = await SignedInPageAsync("e2e-drafter", "초안 쓰는 사람");
        var composer = $"{site.EssayPath}?reply={await SeedCommentIdAsync()}#composer";
        await page.GotoAsync(composer);
        const string typed = "새로 고쳐도 남아 있어야 하는 답글 초안입니다. 표식 가을하늘.";
        await Composer.TypeAsync(page, typed, "표식 가을하늘");
        await Expect(page.Locator("#draft-status")).ToContainTextAsync("임시 저장함", new() { Timeout = 30_000 });

        await page.ReloadAsync();
        await Expect(page.Locator("#comment-body")).ToHaveValueAsync(typed);
        await Expect(page.Locator("#draft-restored")).ToContainTextAsync("임시 저장된 글을 불러왔습니다");

        // A closed tab: a new one in the same browser opens the same composer with the draft.
        var context = page.Context;
        await page.CloseAsync();
        page = await context.NewPageAsync();
        await page.GotoAsync(composer);
        await Expect(page.Locator("#comment-body")).ToHaveValueAsync(typed);
        await Composer.WaitForInteractiveAsync(page);
        await Expect(page.Locator("#comment-preview")).ToContainTextAsync("표식 가을하늘");

        var id = await SubmitAndLandAsync(page);
        await Expect(page.Locator($"#c-{id} .comment-body")).ToContainTextAsync(typed);
        await page.GotoAsync(composer);
        await Expect(page.Locator("#comment-body")).ToHaveValueAsync("");
        await Expect(page.Locator("#draft-restored")).ToHaveCountAsync(0);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_post_refused_as_too_fast_keeps_the_text_in_the_box_and_as_the_draft()
    {
        var page = await SignedInPageAsync("e2e-hasty", "서두르는 사람");
        await page.GotoAsync($"{site.EssayPath}?compose=1#composer");
        await Composer.TypeAsync(page, "처음 올리는 댓글입니다. 표식 첫걸음.", "표식 첫걸음");
        await SubmitAndLandAsync(page);

        await page.GotoAsync($"{site.EssayPath}?compose=1#composer");
        const string second = "30초가 지나기 전에 올린 두 번째 댓글입니다. 표식 두걸음.";
        await Composer.TypeAsync(page, second, "표식 두걸음");
        await page.Locator("#comment-submit").ClickAsync();

        await Expect(page.Locator("#comment-error")).ToContainTextAsync("초 뒤에 다시 시도해 주세요");
        await Expect(page.Locator("#comment-body")).ToHaveValueAsync(second);
        await page.ReloadAsync();
        await Expect(page.Locator("#comment-body")).ToHaveValueAsync(second);
        await Expect(page.Locator("#draft-restored")).ToBeVisibleAsync();
        await using (var db = await site.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Comments.CountAsync(c => c.BodyMarkdown.Contains("표식 두걸음")));
        }

        await page.Context.CloseAsync();
    }

    /// <summary>The first visible seed comment of the essay: the one the reply tests answer.</summary>
    private async Task<int> SeedCommentIdAsync()
    {
        await using var db = await site.CreateDbContextAsync();
        return await db.Comments.Where(c => c.EssayId == site.EssayId && c.Status == Core.Comments.CommentStatus.Visible).MinAsync(c => c.Id);
    }

    private async Task<IPage> SignedInPageAsync(string userName, string displayName)
    {
        var account = await site.Data.UserAsync(userName + "-" + Guid.NewGuid().ToString("N")[..6], displayName: displayName);
        var page = await site.NewPageAsync();
        await ForumSite.SignInAsync(page, account);
        return page;
    }

    /// <summary>Clicks the submit button once the composer is live and waits for the load of the new comment's page.</summary>
    private static async Task<int> SubmitAndLandAsync(IPage page)
    {
        await page.Locator("#comment-submit").ClickAsync();
        await page.WaitForURLAsync(CommentAnchor(), new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        return int.Parse(CommentAnchor().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/essays/\d+/[^?#]*(?:\?[^#]*)?#c-(\d+)$")]
    private static partial Regex CommentAnchor();
}
