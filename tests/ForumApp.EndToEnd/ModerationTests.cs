using ForumApp.Core.Accounts;
using ForumApp.Core.Moderation;
using ForumApp.Data;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
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
        var (essayPath, original, copy, reply) = await ArrangeAsync();
        var page = await site.NewPageAsync();

        // Log in through the form, coming back to the queue.
        await page.GotoAsync("/account/login?returnUrl=%2Fmoderation");
        await page.Locator("#login-username").FillAsync("e2e-moderator");
        await page.Locator("#login-password").FillAsync("password-1234");
        await page.Locator("#login-submit").ClickAsync();
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
        await EnsureUserAsync("e2e-commenter", ForumRoles.Commenter);
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fmoderation");
        await page.Locator("#login-username").FillAsync("e2e-commenter");
        await page.Locator("#login-password").FillAsync("password-1234");
        await page.Locator("#login-submit").ClickAsync();

        await Expect(page.Locator("#forbidden-title")).ToHaveTextAsync("권한이 없습니다");
        await Expect(page.Locator("#duplicate-clusters")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>A moderator, two authors with near-identical comments (posted past the warning, so queued), a reply to the copy.</summary>
    private async Task<(string EssayPath, int Original, int Copy, int Reply)> ArrangeAsync()
    {
        var services = site.Server.Services;
        await EnsureUserAsync("e2e-moderator", ForumRoles.Moderator);
        var first = await EnsureUserAsync("e2e-first", ForumRoles.Commenter, "먼저 쓴 사람");
        var second = await EnsureUserAsync("e2e-second", ForumRoles.Commenter, "함께 쓴 사람");
        var comments = services.GetRequiredService<CommentService>();
        var essayId = int.Parse(site.Thread.EssayPath.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);

        var original = await comments.PostAsync(new CommentActor(first), essayId, null, Original, acknowledgeNearDuplicate: true);
        var copy = await comments.PostAsync(new CommentActor(second), essayId, null, Copy, acknowledgeNearDuplicate: true);
        var reply = await comments.PostAsync(new CommentActor(first), essayId, copy.Comment!.Id, "사본에 단 답글입니다.", acknowledgeNearDuplicate: true);
        Assert.True(original.Succeeded && copy.Succeeded && reply.Succeeded);
        await using var db = await services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        Assert.True(await db.DuplicateSuggestions.AnyAsync(s => s.CommentId == copy.Comment.Id && s.OtherCommentId == original.Comment!.Id && s.Status == DuplicateSuggestionStatus.Open));
        return (site.Thread.EssayPath, original.Comment!.Id, copy.Comment.Id, reply.Comment!.Id);
    }

    private async Task<string> EnsureUserAsync(string userName, string role, string? displayName = null)
    {
        using var scope = site.Server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ForumUser>>();
        if (await users.FindByNameAsync(userName) is { } existing)
        {
            return existing.Id;
        }

        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(userName, "password-1234", displayName, role);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.User!.Id;
    }

    private async Task<int> LatestMergeAsync()
    {
        await using var db = await site.Server.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        return await db.Merges.OrderByDescending(m => m.Id).Select(m => m.Id).FirstAsync();
    }
}
