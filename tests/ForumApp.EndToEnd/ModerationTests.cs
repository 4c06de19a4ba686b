using ForumApp.Core.Accounts;
using ForumApp.Core.Moderation;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>A moderator in Chromium: queue, diff, merge, the essay page after it, unmerge (issue 5's end-to-end test).</summary>
public sealed class ModerationTests(ForumSite site) : IClassFixture<ForumSite>
{
    private const string Original = "오픈 모델이 늘어나야 민주화가 된다는 말에 동의합니다. 다만 전기 요금과 장비 값이 먼저 내려가야 합니다.";
    private const string Copy = "오픈 모델이 늘어나야 민주화가 된다는 말에 동의합니다. 다만 전기 요금과 장비 값이 먼저 내려가야 합니다!!";

    [Fact]
    public async Task Moderator_reads_the_diff_merges_sees_the_moved_reply_then_unmerges()
    {
        var (moderator, essayPath, original, copy, reply) = await ArrangeAsync();
        var page = await site.NewPageAsync();

        // Log in through the form, coming back to the queue.
        await ForumSite.SignInAsync(page, moderator, returnUrl: "/moderation");
        await Expect(page.Locator("#moderation-title")).ToHaveTextAsync("운영");

        // The cluster, with the copy's diff against the earliest comment.
        var cluster = page.Locator($"#cluster-{original}");
        await Expect(cluster).ToBeVisibleAsync();
        await Expect(cluster.Locator($"#member-{copy}")).ToContainTextAsync("함께 쓴 사람");
        var diff = cluster.Locator($"#diff-{copy}");
        await Expect(diff).ToBeVisibleAsync();
        await Expect(diff.Locator(".diff-word-inserted")).ToContainTextAsync("!!");
        await Expect(cluster.Locator($"input[name=canonical][value='{original}']")).ToBeCheckedAsync();

        await cluster.Locator($"#merge-button-{original}").ClickAsync();
        await Expect(page.Locator("#moderation-message")).ToContainTextAsync("합쳤습니다");
        await Expect(page.Locator($"#cluster-{original}")).ToHaveCountAsync(0);

        // The essay: one comment with the copy folded in, both authors credited, the copy's reply moved under it.
        await page.GotoAsync(essayPath);
        var kept = page.Locator($"article#c-{original}");
        await Expect(kept.Locator(".merged-badge")).ToHaveTextAsync("사본 1개 합침");
        await Expect(kept.Locator(".also-posted-by")).ToContainTextAsync("함께 쓴 사람");
        await Expect(kept.Locator($"#c-{copy}.merged-anchor")).ToHaveCountAsync(1);
        await Expect(page.Locator($"li.comment-item:has(> article#c-{original}) article#c-{reply}")).ToHaveCountAsync(1);
        await Expect(page.Locator($"article#c-{copy}")).ToHaveCountAsync(0);

        // Undo from the list of recent merges.
        var mergeId = await LatestMergeAsync();
        await page.GotoAsync("/moderation");
        await page.Locator($"#unmerge-button-{mergeId}").ClickAsync();
        await Expect(page.Locator("#moderation-message")).ToContainTextAsync("되돌렸습니다");
        await Expect(page.Locator($"#merge-{mergeId}")).ToContainTextAsync("되돌림");
        await Expect(page.Locator($"#cluster-{original}")).ToBeVisibleAsync(); // the pair is open again

        await page.GotoAsync(essayPath);
        await Expect(page.Locator($"article#c-{original} .merged-badge")).ToHaveCountAsync(0);
        await Expect(page.Locator($"article#c-{copy}")).ToContainTextAsync("!!");
        await Expect(page.Locator($"li.comment-item:has(> article#c-{copy}) article#c-{reply}")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Commenter_gets_the_no_permission_page_and_no_queue()
    {
        var commenter = await site.Data.EnsureUserAsync("e2e-commenter", ForumRoles.Commenter);
        var page = await site.NewPageAsync();
        await ForumSite.SignInAsync(page, commenter, returnUrl: "/moderation");

        await Expect(page.Locator("#forbidden-title")).ToHaveTextAsync("권한이 없습니다");
        await Expect(page.Locator("#duplicate-clusters")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>A moderator, two authors with near-identical comments (posted past the warning, so queued), a reply to the copy.</summary>
    private async Task<(TestAccount Moderator, string EssayPath, int Original, int Copy, int Reply)> ArrangeAsync()
    {
        var moderator = await site.Data.EnsureUserAsync("e2e-moderator", ForumRoles.Moderator);
        var first = await site.Data.EnsureUserAsync("e2e-first", ForumRoles.Commenter, "먼저 쓴 사람");
        var second = await site.Data.EnsureUserAsync("e2e-second", ForumRoles.Commenter, "함께 쓴 사람");

        var original = await site.Data.CommentAsync(first.Id, site.EssayId, Original);
        var copy = await site.Data.CommentAsync(second.Id, site.EssayId, Copy);
        var reply = await site.Data.CommentAsync(first.Id, site.EssayId, "사본에 단 답글입니다.", copy.Id);
        await using var db = await site.CreateDbContextAsync();
        Assert.True(await db.DuplicateSuggestions.AnyAsync(s => s.CommentId == copy.Id && s.OtherCommentId == original.Id && s.Status == DuplicateSuggestionStatus.Open));
        return (moderator, site.EssayPath, original.Id, copy.Id, reply.Id);
    }

    private async Task<int> LatestMergeAsync()
    {
        await using var db = await site.CreateDbContextAsync();
        return await db.Merges.OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync();
    }
}
