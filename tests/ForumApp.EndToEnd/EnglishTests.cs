using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// The English UI in Chromium (issue 12): a browser whose language is English reads the home page, an essay with its
/// discussion, the sign-in page and the composer (live, on its circuit) without any Korean UI text left outside user
/// content; the header's switch goes back to Korean and the choice is kept in the culture cookie; English pages have no
/// serious accessibility violations.
/// </summary>
public sealed class EnglishTests(CommenterSite site, ITestOutputHelper output) : IClassFixture<CommenterSite>
{
    // Korean text left on the page outside user content ([data-user-content]: titles, names, bodies, tags, excerpts)
    // and the language switch (a language's own name, [hreflang]): text nodes and the attributes people read.
    private const string KoreanUiText = """
        () => {
            const hangul = /[\uAC00-\uD7A3\u1100-\u11FF\u3131-\u318E]/;
            const body = document.body.cloneNode(true);
            body.querySelectorAll('[data-user-content], [hreflang], script, style, template, textarea').forEach(e => e.remove());
            const found = [];
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (hangul.test(node.data)) found.push(node.data.trim());
            }
            for (const element of body.querySelectorAll('*')) {
                for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'data-new-comments', 'data-waiting-text']) {
                    const value = element.getAttribute(name);
                    if (value && hangul.test(value)) found.push(element.tagName.toLowerCase() + '[' + name + '="' + value + '"]');
                }
            }
            return found;
        }
        """;

    private Task<IPage> EnglishPageAsync(bool bypassCsp = false) => site.NewPageAsync(o =>
    {
        o.Locale = "en-US";
        o.BypassCSP = bypassCsp;
    });

    private static async Task AssertEnglishAsync(IPage page, string state)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var korean = await page.EvaluateAsync<string[]>(KoreanUiText);
        Assert.True(korean.Length == 0, $"{state}: Korean UI text left: " + string.Join(" | ", korean));
    }

    [Fact]
    public async Task An_English_reader_reads_home_an_essay_sign_in_and_the_composer_in_English()
    {
        var page = await EnglishPageAsync();
        var problems = PageProblems.Collect(page, failingStatus: 400);
        var account = await site.Data.UserAsync($"english-{Guid.NewGuid():N}"[..20], displayName: "영어 독자");

        await page.GotoAsync("/");
        await Expect(page.Locator("#nav-login")).ToHaveTextAsync("Sign in");
        await AssertEnglishAsync(page, "home");

        await page.GotoAsync(site.EssayPath);
        await Expect(page.Locator("#discussion-title")).ToContainTextAsync("Discussion");
        await Expect(page.Locator("#debate-summary-title")).ToHaveTextAsync("Debate summary");
        await AssertEnglishAsync(page, "essay");

        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(site.EssayPath + "?compose=1#composer"));
        await Expect(page.Locator("#login-title")).ToHaveTextAsync("Sign in");
        await AssertEnglishAsync(page, "sign-in");
        await page.Locator("#login-username").FillAsync(account.UserName);
        await page.Locator("#login-password").FillAsync(account.Password);
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("compose=1"));

        // The composer on its circuit: the circuit's culture comes from the same cookie and Accept-Language.
        await Composer.WaitForInteractiveAsync(page);
        await Expect(page.Locator("#composer-title")).ToHaveTextAsync("Write a comment");
        await Composer.TypeAsync(page, "영어 화면에서 쓰는 **댓글**입니다.", "영어 화면에서");
        await Expect(page.Locator("#comment-count")).ToContainTextAsync("characters");
        await AssertEnglishAsync(page, "composer");

        problems.AssertNone(output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_switch_goes_back_to_Korean_and_the_cookie_keeps_it()
    {
        var page = await EnglishPageAsync();
        await page.GotoAsync(site.EssayPath);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.Locator("#culture-switch").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        Assert.Equal(Uri.UnescapeDataString(site.EssayPath), Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath));
        await Expect(page.Locator("#discussion-title")).ToContainTextAsync("토론");
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == ".AspNetCore.Culture" && c.Value == "c%3Dko%7Cuic%3Dko");

        // Kept on the next page, though the browser still asks for English.
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await Expect(page.Locator("#nav-login")).ToHaveTextAsync("로그인");

        // And back to English.
        await page.Locator("#culture-switch").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#nav-login")).ToHaveTextAsync("Sign in");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task English_pages_have_no_serious_accessibility_violations()
    {
        // BypassCSP lets the injected checker in (see Axe); it changes nothing axe inspects.
        var page = await EnglishPageAsync(bypassCsp: true);
        var violations = new List<string>();
        foreach (var (path, state) in new[] { ("/", "home"), (site.EssayPath, "essay"), ("/account/login", "sign-in"), ("/account/register", "sign-up") })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            violations.AddRange(await Axe.SeriousViolationsAsync(page, state));
        }

        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }
}
