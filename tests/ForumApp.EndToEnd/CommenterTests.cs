using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Core.Dedup;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// A new commenter in Chromium (issue 4's end-to-end list): register through the form, reply three levels deep, edit
/// and open the revision history, delete a comment that has a reply, and meet both duplicate checks.
/// Each test registers its own account; the posting limits are off on this server (<see cref="CommenterSite"/>).
/// </summary>
public sealed partial class CommenterTests(CommenterSite site, ITestOutputHelper output) : IClassFixture<CommenterSite>
{
    private const string Password = "e2e-비밀번호-1234";

    [Fact]
    public async Task New_commenter_registers_replies_three_levels_deep_edits_and_deletes()
    {
        var page = await site.NewPageAsync();
        var problems = PageProblems.Collect(page, failingStatus: 500);

        // An anonymous reader asks to comment and is sent to log in, then on to register, and comes back.
        await page.GotoAsync(site.EssayPath);
        await page.Locator("#composer-login-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?returnUrl="));
        await page.Locator("#register-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/register\\?returnUrl="));
        const string displayName = "댓글 시험자";
        await FillRegistrationAsync(page, displayName);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(site.EssayPath) + "\\?compose=1"));
        await Expect(page.Locator("#nav-profile")).ToHaveTextAsync(displayName);

        // Level 1: a reply to the essay.
        var text1 = "첫 번째 단계: 에세이에 다는 댓글입니다. 표식 가온누리.";
        await Expect(page.Locator("#composer-title")).ToHaveTextAsync("댓글 쓰기");
        await Composer.TypeAsync(page, text1, "표식 가온누리");
        var id1 = await SubmitAndLandOnCommentAsync(page, page.Locator("#comment-submit"));
        await Expect(page.Locator($"#c-{id1} .comment-author")).ToHaveTextAsync(displayName);
        await Expect(page.Locator($"#c-{id1} .comment-body")).ToContainTextAsync(text1);

        // Level 2: a reply to that reply, through its 답글 link.
        var text2 = "두 번째 단계: 바로 위 댓글에 답합니다. 표식 나래솔빛.";
        var id2 = await ReplyAsync(page, id1, text2, "표식 나래솔빛");

        // Level 3: and a reply to that one.
        var text3 = "세 번째 단계: 가장 깊은 답글입니다. 표식 다솜하늘.";
        var id3 = await ReplyAsync(page, id2, text3, "표식 다솜하늘");

        // The rendered tree: each reply is an article inside its parent's <details class="replies">.
        await Expect(page.Locator($"li[data-depth='0']:has(> article#c-{id1})")).ToHaveCountAsync(1);
        var level2 = page.Locator($"li:has(> article#c-{id1}) > details.replies > ol.thread-list > li[data-depth='1'] > article.comment#c-{id2}");
        var level3 = page.Locator(
            $"li:has(> article#c-{id1}) > details.replies > ol.thread-list > li:has(> article#c-{id2}) > details.replies > ol.thread-list > li[data-depth='2'] > article.comment#c-{id3}");
        await Expect(level2).ToHaveCountAsync(1);
        await Expect(level3).ToHaveCountAsync(1);
        await Expect(level3.Locator(".comment-body")).ToContainTextAsync(text3);
        await Expect(page.Locator($"li:has(> article#c-{id1}) > details.replies > summary")).ToHaveTextAsync("답글 2개");

        // Edit the deepest reply: one line changed, one added.
        await page.Locator($"#c-{id3} .edit-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"\\?edit={id3}#composer$"));
        await Expect(page.Locator("#comment-composer")).ToHaveAttributeAsync("data-mode", "edit");
        await Expect(page.Locator("#comment-body")).ToHaveValueAsync(text3);
        var edited3 = "세 번째 단계: 고쳐 쓴 가장 깊은 답글입니다. 표식 다솜하늘.\n\n덧붙임: 수정 기록에 남아야 합니다.";
        await Composer.TypeAsync(page, edited3, "덧붙임: 수정 기록에 남아야 합니다.");
        Assert.Equal(id3, await SubmitAndLandOnCommentAsync(page, page.Locator("#comment-submit")));
        await Expect(page.Locator($"#c-{id3} .comment-body")).ToContainTextAsync("고쳐 쓴 가장 깊은 답글");
        await Expect(page.Locator($"#c-{id3} .comment-body")).ToContainTextAsync("덧붙임: 수정 기록에 남아야 합니다.");

        // Its history: both revisions, the first in full, the second as a diff against the first.
        await page.Locator($"#c-{id3} .history-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/comments/{id3}/history$"));
        await Expect(page.Locator("#history-title")).ToContainTextAsync($"#{id3}");
        await Expect(page.Locator("#revision-list > li.revision")).ToHaveCountAsync(2);
        await Expect(page.Locator("#rev-1 .revision-text")).ToHaveTextAsync(text3);
        await Expect(page.Locator("#rev-1")).ToContainTextAsync(displayName);
        await Expect(page.Locator("#rev-2 .diff-deleted")).ToContainTextAsync(text3);
        await Expect(page.Locator("#rev-2 .diff-inserted").Filter(new() { HasText = "고쳐 쓴 가장 깊은 답글" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#rev-2 .diff-inserted").Filter(new() { HasText = "덧붙임: 수정 기록에 남아야 합니다." })).ToHaveCountAsync(1);

        // Delete the middle reply, which has a reply of its own: a tombstone keeps its place and its reply stays under it.
        await page.GotoAsync($"{site.EssayPath}#c-{id2}");
        await page.Locator($"#c-{id2} .delete-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"\\?delete={id2}#composer$"));
        await Expect(page.Locator("#comment-composer")).ToHaveAttributeAsync("data-mode", "delete");
        await ClickUntilNavigatedAsync(page, page.Locator("#comment-delete-confirm"), new Regex($"#c-{id2}$"));
        var tombstone = page.Locator($"article.comment.comment-deleted#c-{id2}");
        await Expect(tombstone).ToBeVisibleAsync();
        await Expect(tombstone.Locator(".comment-tombstone")).ToHaveTextAsync("작성자가 삭제한 댓글입니다.");
        await Expect(tombstone).Not.ToContainTextAsync("표식 나래솔빛");
        await Expect(tombstone.Locator(".reply-link, .edit-link, .delete-link")).ToHaveCountAsync(0);
        await Expect(level2).ToHaveCountAsync(1);
        await Expect(level3).ToHaveCountAsync(1);
        await Expect(level3.Locator(".comment-body")).ToContainTextAsync("고쳐 쓴 가장 깊은 답글");
        await Expect(level3.Locator(".history-link")).ToBeVisibleAsync();

        await page.Locator($"li:has(> article#c-{id1})").ScrollIntoViewIfNeededAsync();
        var glyphs = await KoreanGlyphs.ProbeAsync(page, $"#c-{id3} .comment-body");
        var shot = await Screenshots.SaveAsync(page, "commenting.png");
        Assert.True(shot.Length > 20_000, $"screenshot {shot.FullName} is nearly blank");
        output.WriteLine($"comments {id1} > {id2} (deleted) > {id3} (edited); {glyphs}; {shot.FullName} {shot.Length} B");
        Assert.True(glyphs.HasRealGlyphs, $"Hangul renders as boxes (is fonts-noto-cjk installed?): {glyphs}");
        problems.AssertNone(output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Same_text_again_is_refused_with_a_link_to_the_earlier_comment()
    {
        var page = await site.NewPageAsync();
        var problems = PageProblems.Collect(page, failingStatus: 500);
        await RegisterAsync(page, "중복 시험자");

        var text = "같은 말을 두 번 하면 안 됩니다. ForumApp 중복 검사 표식 라온결.";
        await page.GotoAsync($"{site.EssayPath}?compose=1#composer");
        await Composer.TypeAsync(page, text, "표식 라온결");
        var first = await SubmitAndLandOnCommentAsync(page, page.Locator("#comment-submit"));

        // The same text with other spacing and Latin case: the same after normalization, so refused.
        var again = "같은 말을  두 번 하면 안 됩니다.   forumapp 중복 검사 표식 라온결.\n";
        await page.GotoAsync($"{site.EssayPath}?compose=1#composer");
        await Composer.TypeAsync(page, again, "표식 라온결");
        await page.Locator("#comment-submit").ClickAsync();

        var error = page.Locator("#comment-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("같은 내용의 댓글을 24시간 안에 이미 올렸습니다.");
        var link = page.Locator("#duplicate-link");
        await Expect(link).ToHaveAttributeAsync("href", $"/comments/{first}");
        await Expect(page).ToHaveURLAsync(new Regex("\\?compose=1#composer$"));
        await using (var db = await site.CreateDbContextAsync())
        {
            var stored = await db.Comments.CountAsync(c => c.EssayId == site.EssayId && c.BodyMarkdown.Contains("표식 라온결"));
            Assert.Equal(1, stored);
        }

        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#c-{first}$"));
        await Expect(page.Locator($"#c-{first} .comment-body")).ToContainTextAsync(text);
        problems.AssertNone(output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Near_duplicate_of_someone_elses_comment_warns_and_posts_anyway()
    {
        var seed = site.SeedComment;
        var near = NearDuplicateOf(seed.BodyMarkdown);
        var page = await site.NewPageAsync();
        var problems = PageProblems.Collect(page, failingStatus: 500);
        await RegisterAsync(page, "비슷한 글 시험자");

        await page.GotoAsync($"{site.EssayPath}?compose=1#composer");
        await Composer.TypeAsync(page, near, NearSuffix.Trim());
        await page.Locator("#comment-submit").ClickAsync();

        var warning = page.Locator("#near-duplicate-warning");
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning).ToContainTextAsync("비슷한 댓글이 이미 있습니다");
        await Expect(warning.Locator($".near-duplicate-link[href='/comments/{seed.Id}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#comment-error")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("\\?compose=1#composer$"));

        var id = await SubmitAndLandOnCommentAsync(page, page.Locator("#post-anyway"));
        await Expect(page.Locator($"#c-{id} .comment-body")).ToContainTextAsync(NearSuffix.Trim());
        await Expect(page.Locator($"#c-{seed.Id}")).ToBeVisibleAsync();

        // Posting despite the warning queues the pair for the moderators.
        await using (var db = await site.CreateDbContextAsync())
        {
            var queued = await db.DuplicateSuggestions.AsNoTracking().Where(s => s.CommentId == id).ToListAsync();
            var suggestion = Assert.Single(queued, s => s.OtherCommentId == seed.Id);
            Assert.Equal(DuplicateSuggestionStatus.Open, suggestion.Status);
            Assert.Equal(DuplicateSuggestionKind.Near, suggestion.Kind);
        }

        problems.AssertNone(output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Composer_has_no_serious_accessibility_violations()
    {
        // BypassCSP lets the injected checker in (see Axe); it changes nothing axe inspects.
        var page = await site.NewPageAsync(o => o.BypassCSP = true);
        await RegisterAsync(page, "접근성 시험자");
        var violations = new List<string>();

        await page.GotoAsync($"{site.EssayPath}?compose=1#composer");
        await Composer.WaitForBlazorAsync(page);
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "empty composer"));

        // An empty post: the error message is shown (clicks before the circuit connects are lost, so retry).
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#comment-submit").ClickAsync();
            try
            {
                await Expect(page.Locator("#comment-error")).ToBeVisibleAsync(new() { Timeout = 2_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 10)
            {
            }
        }

        violations.AddRange(await Axe.SeriousViolationsAsync(page, "composer with an error"));

        // Text with its preview and the near-duplicate warning.
        await Composer.TypeAsync(page, NearDuplicateOf(site.SeedComment.BodyMarkdown), NearSuffix.Trim());
        await page.Locator("#comment-submit").ClickAsync();
        await Expect(page.Locator("#near-duplicate-warning")).ToBeVisibleAsync();
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "composer with preview and near-duplicate warning"));

        // The reply composer (a comment's quote picker, the "replying to" line).
        await page.GotoAsync($"{site.EssayPath}?reply={site.SeedComment.Id}#composer");
        await Composer.TypeAsync(page, "접근성 검사용 답글 초안입니다. 표식 마루한별.", "표식 마루한별");
        await page.Locator("#quote-picker > summary").ClickAsync();
        violations.AddRange(await Axe.SeriousViolationsAsync(page, "reply composer with the quote picker open"));

        Assert.True(violations.Count == 0, "serious or critical accessibility violations:\n" + string.Join('\n', violations));
        await page.Context.CloseAsync();
    }

    private const string NearSuffix = " 저도 같은 생각입니다.";

    /// <summary>The seed text with a short sentence added: a near duplicate by the engine the app checks posts with, not the same key.</summary>
    private static string NearDuplicateOf(string seedText)
    {
        var near = seedText.TrimEnd() + NearSuffix;
        var seedKey = TextNormalizer.ToComparisonKey(seedText);
        var nearKey = TextNormalizer.ToComparisonKey(near);
        var clusters = new DedupEngine().FindClusters([seedText, near]);
        Assert.NotEqual(seedKey, nearKey);
        Assert.True(
            clusters.Count == 1 && clusters[0].Kind != DuplicateKind.Exact,
            "the dedup engine does not call the test's text a near duplicate of the seed comment: pick a longer seed comment");
        return near;
    }

    /// <summary>Registers a fresh account through the form and checks the header shows its Korean display name.</summary>
    private static async Task RegisterAsync(IPage page, string displayName)
    {
        await page.GotoAsync("/account/register");
        await FillRegistrationAsync(page, displayName);
        await Expect(page.Locator("#nav-profile")).ToHaveTextAsync(displayName);
    }

    private static async Task FillRegistrationAsync(IPage page, string displayName)
    {
        var userName = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        await page.Locator("#register-username").FillAsync(userName);
        await page.Locator("#register-display-name").FillAsync(displayName);
        await page.Locator("#register-password").FillAsync(Password);
        await page.Locator("#register-confirm").FillAsync(Password);
        await page.Locator("#register-submit").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/register"));
        await Expect(page.Locator("#register-errors")).ToHaveCountAsync(0);
    }

    /// <summary>Opens the reply composer from the comment's 답글 link, writes, posts, and returns the new comment's id.</summary>
    private static async Task<int> ReplyAsync(IPage page, int parentId, string text, string probe)
    {
        await page.Locator($"#c-{parentId} .reply-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"\\?reply={parentId}#composer$"));
        await Expect(page.Locator("#composer-title")).ToHaveTextAsync("답글 쓰기");
        await Composer.TypeAsync(page, text, probe);
        await Expect(page.Locator("#comment-submit")).ToHaveTextAsync("답글 등록");
        var id = await SubmitAndLandOnCommentAsync(page, page.Locator("#comment-submit"));
        Assert.NotEqual(parentId, id);
        return id;
    }

    /// <summary>
    /// Clicks a posting button and waits for the full load the composer makes after a post or an edit
    /// (/essays/{id}/{slug}#c-{commentId}); returns the comment id from the address.
    /// </summary>
    private static async Task<int> SubmitAndLandOnCommentAsync(IPage page, ILocator button)
    {
        var landed = CommentAnchor();
        await button.ClickAsync();
        await page.WaitForURLAsync(landed, new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        var id = int.Parse(landed.Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await Expect(page.Locator($"article#c-{id}")).ToBeVisibleAsync();
        await Expect(page.Locator("#comment-composer")).ToHaveCountAsync(0);
        return id;
    }

    /// <summary>Clicks until the page leaves for <paramref name="url"/>: a click before the circuit connects is lost.</summary>
    private static async Task ClickUntilNavigatedAsync(IPage page, ILocator button, Regex url)
    {
        await Composer.WaitForBlazorAsync(page);
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await page.WaitForURLAsync(url, new() { Timeout = 3_000, WaitUntil = WaitUntilState.Load });
                return;
            }
            catch (PlaywrightException) when (attempt < 5)
            {
            }
        }
    }

    [GeneratedRegex(@"/essays/\d+/[^?#]*#c-(\d+)$")]
    private static partial Regex CommentAnchor();
}
