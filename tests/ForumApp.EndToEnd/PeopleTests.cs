using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// Issue 12 (people) in Chromium: a commenter gives 공감 with the plain form button; the author's bell counts a reply
/// and a mention without a reload; the author reads them on /notifications and marks all read; author names lead to
/// profiles; axe on the notifications, profile and role pages.
/// </summary>
public sealed class PeopleTests(PeopleSite site, ITestOutputHelper output) : IClassFixture<PeopleSite>
{
    [Fact]
    public async Task Reactions_notifications_and_profiles_work_in_a_browser()
    {
        // The author opens any page: the bell shows no unread notification.
        var authorPage = await site.NewPageAsync();
        var authorProblems = PageProblems.Collect(authorPage, failingStatus: 500);
        await ForumSite.SignInAsync(authorPage, site.Author, "/");
        await Expect(authorPage.Locator("#nav-notifications .bell-count")).ToBeHiddenAsync();

        // The commenter replies (through the service) and gives 공감 to the essay with the button.
        var reply = await site.Data.CommentAsync(site.Commenter.Id, site.Written.Id, "@essayist 둘째 문단의 근거가 궁금합니다.");
        var readerPage = await site.NewPageAsync();
        var readerProblems = PageProblems.Collect(readerPage, failingStatus: 500);
        await ForumSite.SignInAsync(readerPage, site.Commenter, site.Written.Path);
        await Expect(readerPage.Locator("#essay-reaction-button")).ToHaveAttributeAsync("aria-pressed", "false");
        await readerPage.Locator("#essay-reaction-button").ClickAsync();
        await Expect(readerPage.Locator("#essay-reaction-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(readerPage.Locator("#essay-reaction-button .reaction-number")).ToHaveTextAsync("1");
        await readerPage.Locator($"#c-{reply.Id} .reaction-button").ClickAsync();
        await Expect(readerPage.Locator($"#c-{reply.Id} .reaction-button")).ToHaveAttributeAsync("aria-pressed", "true");

        // The author's bell counts the reply (a reply to the essay that also mentions them: one) without a reload.
        await Expect(authorPage.Locator("#nav-notifications .bell-count")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await authorPage.Locator("#nav-notifications").ClickAsync();
        await Expect(authorPage).ToHaveURLAsync(new Regex("/notifications$"));
        await Expect(authorPage.Locator(".notification-link")).ToHaveTextAsync("토론 참가자 님이 내 에세이에 댓글을 달았습니다");
        await authorPage.Locator("#mark-all-read").ClickAsync();
        await Expect(authorPage.Locator("#unread-summary")).ToHaveTextAsync("읽지 않은 알림 0개");
        await Expect(authorPage.Locator("#nav-notifications .bell-count")).ToBeHiddenAsync();

        // The link leads to the comment; its author's name leads to their profile.
        await authorPage.Locator(".notification-link").ClickAsync();
        await Expect(authorPage.Locator($"#c-{reply.Id}")).ToBeVisibleAsync();
        await authorPage.Locator($"#c-{reply.Id} .author-link").ClickAsync();
        await Expect(authorPage).ToHaveURLAsync(new Regex("/users/debater$"));
        await Expect(authorPage.Locator("#profile-title")).ToHaveTextAsync("토론 참가자");

        // Accessibility of the new pages. BypassCSP lets the injected checker in (see Axe); it changes nothing axe inspects.
        var violations = new List<string>();
        var axePage = await site.NewPageAsync(o => o.BypassCSP = true);
        await ForumSite.SignInAsync(axePage, site.Author, "/notifications");
        await Expect(axePage.Locator(".notification-link")).ToHaveCountAsync(1);
        violations.AddRange(await Axe.SeriousViolationsAsync(axePage, "notifications"));
        await axePage.GotoAsync("/users/debater");
        violations.AddRange(await Axe.SeriousViolationsAsync(axePage, "profile"));
        await axePage.GotoAsync(site.Written.Path);
        violations.AddRange(await Axe.SeriousViolationsAsync(axePage, "essay page with 공감 buttons"));
        var adminPage = await site.NewPageAsync(o => o.BypassCSP = true);
        await ForumSite.SignInAsync(adminPage, site.Admin, "/admin/roles");
        await Expect(adminPage.Locator("#roles-title")).ToBeVisibleAsync();
        violations.AddRange(await Axe.SeriousViolationsAsync(adminPage, "roles"));

        Assert.Empty(violations);
        authorProblems.AssertNone(output);
        readerProblems.AssertNone(output);
    }
}
