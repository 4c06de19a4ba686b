using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// Issue 9 in Chromium: an author writes a draft, closes the tab, reopens the editor and finds it, publishes; a
/// commenter replies to paragraph 2 with the stance 반대; the author revises paragraph 2; the reply says which
/// revision it answered; the summary counts change. Accessibility of the editor and the history page.
/// </summary>
public sealed partial class EssayTests(EssaySite site, ITestOutputHelper output) : IClassFixture<EssaySite>
{
    private const string Title = "공공 컴퓨팅으로 여는 AI 민주화";
    private static readonly string[] s_paragraphs =
    [
        "오픈소스 모델은 누구나 내려받아 쓸 수 있다는 점에서 AI 민주화의 출발점입니다.",
        "하지만 큰 모델을 돌릴 컴퓨팅 자원은 여전히 몇몇 기업에 몰려 있습니다.",
        "그래서 대학과 공공 연구소가 함께 쓰는 공공 컴퓨팅 센터를 제안합니다.",
    ];

    [Fact]
    public async Task An_essay_is_drafted_kept_across_a_closed_tab_published_debated_by_paragraph_and_revised()
    {
        // The author writes a draft and closes the tab without saving.
        var authorPage = await site.NewPageAsync();
        var authorProblems = PageProblems.Collect(authorPage, failingStatus: 500);
        await ForumSite.SignInAsync(authorPage, site.Author, "/essays/new");
        await WaitForEditorAsync(authorPage);
        await authorPage.Locator("#essay-title").FillAsync(Title);
        await authorPage.Locator("#essay-tags").FillAsync("AI 민주화, 공공 인프라");
        await authorPage.Locator("#essay-body").FillAsync(string.Join("\n\n", s_paragraphs[..2]));
        await Expect(authorPage.Locator("#essay-autosave")).ToContainTextAsync("임시 저장됨", new() { Timeout = 15_000 });
        await authorPage.Locator("#essay-body").FillAsync(string.Join("\n\n", s_paragraphs));
        await authorPage.CloseAsync(new() { RunBeforeUnload = true });

        // Reopening the editor continues the draft, the last paragraph included.
        authorPage = await authorPage.Context.NewPageAsync();
        var reopenedProblems = PageProblems.Collect(authorPage, failingStatus: 500);
        await authorPage.GotoAsync("/essays/new");
        await WaitForEditorAsync(authorPage);
        await Expect(authorPage.Locator("#essay-title")).ToHaveValueAsync(Title);
        await Expect(authorPage.Locator("#essay-body")).ToHaveValueAsync(string.Join("\n\n", s_paragraphs), new() { Timeout = 15_000 });
        await Expect(authorPage.Locator("#editor-notice")).ToBeVisibleAsync();
        await Expect(authorPage.Locator("#essay-preview p")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(authorPage, "essay-editor.png", fullPage: true);

        await authorPage.Locator("#essay-publish").ClickAsync();
        await authorPage.WaitForURLAsync(EssayPage(), new() { WaitUntil = WaitUntilState.Load, Timeout = 30_000 });
        var essayPath = new Uri(authorPage.Url).AbsolutePath;
        var essayId = int.Parse(EssayPage().Match(authorPage.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Expect(authorPage.Locator("article.essay h1")).ToHaveTextAsync(Title);
        await Expect(authorPage.Locator("#essay-status")).ToHaveCountAsync(0);

        // A commenter replies to paragraph 2 from its margin, with the stance 반대.
        var readerPage = await site.NewPageAsync();
        var readerProblems = PageProblems.Collect(readerPage, failingStatus: 500);
        await ForumSite.SignInAsync(readerPage, site.Commenter, essayPath);
        await Expect(readerPage.Locator("#stance-count-disagree .stance-count")).ToHaveTextAsync("0");
        await Expect(readerPage.Locator("#p-2 .paragraph-replies")).ToHaveTextAsync("답글 0개");
        await readerPage.Locator("#p-2 .paragraph-reply").ClickAsync();
        await Expect(readerPage).ToHaveURLAsync(new Regex("\\?compose=1&paragraph=2#composer$"));
        var reply = "컴퓨팅 자원은 클라우드 가격이 내려가면서 이미 넓게 퍼지고 있습니다. 표식 반대둘.";
        await Composer.TypeAsync(readerPage, reply, "표식 반대둘");
        await Expect(readerPage.Locator("#comment-paragraph")).ToHaveValueAsync("2");
        await readerPage.Locator("#stance-disagree").CheckAsync();
        await Expect(readerPage.Locator("#stance-disagree")).ToBeCheckedAsync();
        await readerPage.Locator("#comment-submit").ClickAsync();
        await readerPage.WaitForURLAsync(CommentAnchor(), new() { WaitUntil = WaitUntilState.Load, Timeout = 30_000 });
        var commentId = CommentAnchor().Match(readerPage.Url).Groups[1].Value;
        var comment = readerPage.Locator($"#c-{commentId}");
        await Expect(comment.Locator(".stance-disagree")).ToHaveTextAsync("반대");
        await Expect(comment.Locator(".paragraph-ref")).ToHaveTextAsync("2문단에 대한 답글");
        await Expect(readerPage.Locator("#stance-count-disagree .stance-count")).ToHaveTextAsync("1");
        await Expect(readerPage.Locator("#p-2 .paragraph-replies")).ToHaveTextAsync("답글 1개");
        await readerPage.Locator("#p-1").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(readerPage, "essay-margin.png");
        await readerPage.EvaluateAsync("() => document.querySelector('#discussion').scrollIntoView()");
        await Screenshots.SaveAsync(readerPage, "debate-summary.png");

        // The author revises paragraph 2: a second revision; the paragraph keeps its id and its reply.
        await authorPage.GotoAsync($"/essays/{essayId}/edit");
        await WaitForEditorAsync(authorPage);
        var revised = s_paragraphs[1].Replace("몇몇 기업에 몰려 있습니다", "몇몇 기업에 크게 몰려 있습니다", StringComparison.Ordinal);
        await authorPage.Locator("#essay-body").FillAsync(string.Join("\n\n", s_paragraphs[0], revised, s_paragraphs[2]));
        await authorPage.Locator("#essay-save").ClickAsync();
        await Expect(authorPage.Locator("#editor-success")).ToHaveTextAsync("2판으로 저장했습니다.", new() { Timeout = 15_000 });

        // The reply says it answered revision 1, links to it and to what changed; the summary still counts it.
        await readerPage.GotoAsync(essayPath);
        await Expect(readerPage.Locator("#p-2")).ToContainTextAsync("크게 몰려");
        await Expect(readerPage.Locator("#p-2 .paragraph-replies")).ToHaveTextAsync("답글 1개");
        await Expect(comment.Locator(".revision-note")).ToHaveTextAsync("1판에 대한 댓글");
        await comment.Locator(".changes-since").ClickAsync();
        await Expect(readerPage).ToHaveURLAsync(new Regex($"/essays/{essayId}/history\\?from=1$"));
        await Expect(readerPage.Locator(".diff-word-inserted").First).ToContainTextAsync("크게");
        await readerPage.GoBackAsync();
        await comment.Locator(".revision-note").ClickAsync();
        await Expect(readerPage.Locator("#revision-notice")).ToContainTextAsync("예전 판(1판)");
        await Expect(readerPage.Locator("#p-2")).Not.ToContainTextAsync("크게");

        // A second stance changes the summary; the stance filter is a plain link.
        await site.Data.CommentAsync(site.Author.Id, essayId, "반론 고맙습니다. 가격이 내려도 규모의 차이는 남습니다.");
        await using (var db = await site.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.EssayRevisions.CountAsync(r => r.EssayId == essayId));
        }

        await readerPage.GotoAsync(essayPath + "?stance=disagree");
        await Expect(readerPage.Locator("#filter-status")).ToContainTextAsync("반대");
        await Expect(readerPage.Locator("article.comment")).ToHaveCountAsync(1);
        authorProblems.AssertNone(output);
        reopenedProblems.AssertNone(output);
        readerProblems.AssertNone(output);
        await authorPage.Context.CloseAsync();
        await readerPage.Context.CloseAsync();
    }

    [Fact]
    public async Task The_editor_and_the_history_page_have_no_serious_accessibility_violations()
    {
        // BypassCSP lets the injected checker in (see Axe); it changes nothing axe inspects.
        var page = await site.NewPageAsync(o => o.BypassCSP = true);
        await ForumSite.SignInAsync(page, site.Author, "/essays/new");
        await WaitForEditorAsync(page);
        var violations = new List<string>();
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "empty editor"));
        await page.Locator("#essay-title").FillAsync("접근성 시험 에세이");
        await page.Locator("#essay-body").FillAsync("# 소제목\n\n첫 문단입니다.\n\n- 목록 하나\n- 목록 둘");
        await page.Locator("#essay-title").FillAsync("");
        await page.Locator("#essay-save").ClickAsync();
        await Expect(page.Locator("#editor-error")).ToBeVisibleAsync();
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "editor with preview and an error"));

        var essay = await site.Data.WrittenEssayAsync(site.Author.Id, "수정 기록 시험 " + Guid.NewGuid().ToString("N")[..6], ["처음 쓴 문단입니다.", "둘째 문단입니다."]);
        await page.GotoAsync($"/essays/{essay.Id}/edit");
        await WaitForEditorAsync(page);
        await page.Locator("#essay-body").FillAsync("처음 쓴 문단을 고쳤습니다.\n\n둘째 문단입니다.");
        await page.Locator("#essay-save").ClickAsync();
        await Expect(page.Locator("#editor-success")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GotoAsync($"/essays/{essay.Id}/history");
        await Expect(page.Locator("#revision-list > li.revision")).ToHaveCountAsync(2);
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "history"));
        await page.GotoAsync(essay.Path);
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "essay page with margins and summary"));

        Assert.True(violations.Count == 0, string.Join('\n', violations));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Typing_into_the_editor_before_its_circuit_starts_is_kept_and_saved()
    {
        var essay = await site.Data.WrittenEssayAsync(site.Author.Id, "일찍 고치는 에세이 " + Guid.NewGuid().ToString("N")[..6], ["처음 쓴 문단입니다.", "둘째 문단입니다."]);
        var page = await site.NewPageAsync();
        var problems = PageProblems.Collect(page, failingStatus: 500);
        await ForumSite.SignInAsync(page, site.Author, "/");
        var held = await Composer.HoldBlazorStartAsync(page); // as on a slow phone network

        await page.GotoAsync($"/essays/{essay.Id}/edit", new() { WaitUntil = WaitUntilState.Commit });
        var body = page.Locator("#essay-body");
        await Expect(body).ToBeEditableAsync();
        await body.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.TypeAsync("\n\n연결되기 전에 덧붙인 셋째 문단, 표식 이른아침.");
        Assert.True(held.Requested);
        await Expect(page.Locator("#essay-editor[data-ready='true']")).ToHaveCountAsync(0); // still the page as sent
        var typed = await body.InputValueAsync();
        Assert.EndsWith("표식 이른아침.", typed, StringComparison.Ordinal);

        held.Release();
        await WaitForEditorAsync(page);

        // The live editor took it over (the server renders it in the preview) with the caret where it was.
        await Expect(body).ToHaveValueAsync(typed);
        await Expect(page.Locator("#essay-preview")).ToContainTextAsync("표식 이른아침.", new() { Timeout = 15_000 });
        await page.Keyboard.TypeAsync(" 이어서 씁니다.");
        await Expect(page.Locator("#essay-preview")).ToContainTextAsync("표식 이른아침. 이어서 씁니다.", new() { Timeout = 15_000 });
        await Expect(page.Locator("#editor-notice")).ToHaveCountAsync(0); // taken over, not "restored"
        await page.Locator("#essay-save").ClickAsync();
        await Expect(page.Locator("#editor-success")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await page.GotoAsync(essay.Path);
        await Expect(page.Locator("article.essay")).ToContainTextAsync("연결되기 전에 덧붙인 셋째 문단, 표식 이른아침. 이어서 씁니다.");
        problems.AssertNone(output);
        await page.Context.CloseAsync();
    }

    /// <summary>Waits until the editor's circuit is live and its script has attached (typing before that would be lost).</summary>
    private static async Task WaitForEditorAsync(IPage page)
    {
        await Expect(page.Locator("#essay-editor[data-ready='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('#essay-editor')?.__essayEditor !== undefined");
    }

    [GeneratedRegex(@"/essays/(\d+)/(?!edit$)[^/?#]+$")]
    private static partial Regex EssayPage();

    [GeneratedRegex(@"/essays/\d+/[^?#]*#c-(\d+)$")]
    private static partial Regex CommentAnchor();
}
