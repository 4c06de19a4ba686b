using System.Text;
using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>A reader in Chromium against the real app with the seed essay imported (issue 2's end-to-end list).</summary>
public sealed partial class ReaderTests(ReaderSite site, ITestOutputHelper output) : IClassFixture<ReaderSite>
{
    [Fact]
    public async Task Reader_opens_the_essay_from_the_home_page()
    {
        var page = await site.NewPageAsync();
        var errors = PageProblems.Collect(page, failingStatus: 400);
        await page.GotoAsync("/");

        var link = page.Locator("a.essay-link").First;
        await Expect(link).ToBeVisibleAsync();
        var title = (await link.InnerTextAsync()).Trim();
        Assert.Contains("AI 민주화", title, StringComparison.Ordinal);
        await link.ClickAsync();

        await Expect(page).ToHaveURLAsync(EssayUrl());
        await Expect(page.Locator("article.essay h1")).ToHaveTextAsync(title);
        var firstComment = page.Locator("article.comment").First;
        await Expect(firstComment).ToBeVisibleAsync();
        await Expect(firstComment).ToContainTextAsync(SeedLines()[8]);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        errors.AssertNone(output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_collapses_a_thread_and_expands_it_again()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Thread.EssayPath);

        await CollapseAndExpandTheReplyThreadAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Thread_collapses_without_JavaScript()
    {
        var page = await site.NewPageAsync(o => o.JavaScriptEnabled = false);
        await page.GotoAsync(site.Thread.EssayPath);

        await CollapseAndExpandTheReplyThreadAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_follows_a_permalink_to_a_comment_far_down_the_page()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Thread.EssayPath);
        var target = page.Locator("ol.thread-list:not(.nested) > li > article.comment").Last;
        var id = await target.GetAttributeAsync("id");
        await Expect(target).Not.ToBeInViewportAsync();
        // Click only once blazor.web.js runs: its enhanced navigation is what could take the fragment jump away.
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await target.Locator("a.permalink").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"#{id}$"));
        await Expect(page.Locator(":target")).ToHaveAttributeAsync("id", id!);
        await Expect(target).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Permalink_address_opens_the_page_at_that_comment()
    {
        var replyId = $"c-{site.Thread.ReplyIds[^1]}";
        var page = await site.NewPageAsync();

        await page.GotoAsync($"{site.Thread.EssayPath}#{replyId}");

        var target = page.Locator($"#{replyId}");
        await Expect(page.Locator(":target")).ToHaveAttributeAsync("id", replyId);
        await Expect(target).ToContainTextAsync(site.Thread.ReplyTexts[^1]);
        await Expect(target).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Essay_page_shows_each_distinct_seed_paragraph_exactly_once()
    {
        var lines = SeedLines();
        // Line 1 is the date, 2 the lede, 3-5 the essay, 6-8 its copy, then the comments and their copies.
        var paragraphs = lines.Skip(2).Take(3).Concat(lines.Skip(8))
            .Select(Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Thread.EssayPath);

        // The debate summary quotes the busiest threads' first comments on purpose: read the page without it.
        var text = Normalize(await page.EvaluateAsync<string>(
            "() => { const body = document.body.cloneNode(true); body.querySelector('#debate-summary')?.remove(); document.documentElement.appendChild(body); const t = body.innerText; body.remove(); return t; }"));
        Assert.Equal(1, await page.Locator("#debate-summary").CountAsync());

        var wrong = paragraphs
            .Select(p => (Paragraph: p, Count: Occurrences(text, p)))
            .Where(x => x.Count != 1)
            .Select(x => $"{x.Count}x: {x.Paragraph}")
            .ToList();
        Assert.True(paragraphs.Count >= 13, $"expected at least 13 distinct seed paragraphs, read {paragraphs.Count}");
        Assert.True(wrong.Count == 0, "paragraphs not shown exactly once:\n" + string.Join('\n', wrong));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Korean_renders_with_real_glyphs_in_the_saved_screenshots()
    {
        var page = await site.NewPageAsync();

        await page.GotoAsync("/");
        var home = await KoreanGlyphs.ProbeAsync(page, "a.essay-link");
        var homeShot = await Screenshots.SaveAsync(page, "home.png", fullPage: true);

        await page.GotoAsync(site.Thread.EssayPath);
        var essay = await KoreanGlyphs.ProbeAsync(page, "article.comment .comment-body");
        var essayShot = await Screenshots.SaveAsync(page, "essay.png", fullPage: true);

        output.WriteLine($"home: {home}; essay: {essay}; {homeShot.FullName} {homeShot.Length} B, {essayShot.FullName} {essayShot.Length} B");
        Assert.True(home.HasRealGlyphs, $"Hangul on / renders as boxes (is fonts-noto-cjk installed?): {home}");
        Assert.True(essay.HasRealGlyphs, $"Hangul on the essay page renders as boxes (is fonts-noto-cjk installed?): {essay}");
        // A full page of Korean text is tens of kilobytes; a blank or broken page is a few.
        Assert.True(homeShot.Length > 20_000, $"{homeShot.FullName} is only {homeShot.Length} bytes");
        Assert.True(essayShot.Length > 100_000, $"{essayShot.FullName} is only {essayShot.Length} bytes");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Home_and_essay_pages_have_no_serious_accessibility_violations()
    {
        // BypassCSP lets the injected checker in (see Axe); it changes nothing axe inspects.
        var page = await site.NewPageAsync(o => o.BypassCSP = true);
        var violations = new List<string>();

        foreach (var path in new[] { "/", site.Thread.EssayPath })
        {
            await page.GotoAsync(path);
            violations.AddRange(await Axe.SeriousViolationsAsync(page, path));
        }

        Assert.True(violations.Count == 0, "serious or critical accessibility violations:\n" + string.Join('\n', violations));
        await page.Context.CloseAsync();
    }

    private async Task CollapseAndExpandTheReplyThreadAsync(IPage page)
    {
        var parent = page.Locator($"li:has(> #c-{site.Thread.ParentId})");
        var replies = parent.Locator("> details.replies");
        var firstReply = page.Locator($"#c-{site.Thread.ReplyIds[0]}");
        var deepestReply = page.Locator($"#c-{site.Thread.ReplyIds[^1]}");
        await Expect(replies.Locator("> summary")).ToHaveTextAsync($"답글 {site.Thread.ReplyIds.Count}개");
        await Expect(firstReply).ToBeVisibleAsync();
        await Expect(deepestReply).ToBeVisibleAsync();

        await replies.Locator("> summary").ClickAsync();

        await Expect(replies).Not.ToHaveAttributeAsync("open", "");
        await Expect(firstReply).ToBeHiddenAsync();
        await Expect(deepestReply).ToBeHiddenAsync();
        await Expect(page.Locator($"#c-{site.Thread.ParentId}")).ToBeVisibleAsync();

        await replies.Locator("> summary").ClickAsync();

        await Expect(replies).ToHaveAttributeAsync("open", "");
        await Expect(firstReply).ToBeVisibleAsync();
        await Expect(deepestReply).ToBeVisibleAsync();
    }

    private Regex EssayUrl() => new($"{Regex.Escape(site.Thread.EssayPath)}$");

    private static string[] SeedLines()
    {
        return File.ReadAllLines(TestEnvironment.SeedThread, Encoding.UTF8);
    }

    /// <summary>NFC, no zero-width characters, runs of whitespace as one space: how a reader compares text.</summary>
    private static string Normalize(string text) =>
        WhitespaceRun().Replace(ZeroWidth().Replace(text.Normalize(NormalizationForm.FormC), ""), " ").Trim();

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex("[\u200B-\u200D\u2060\uFEFF]")]
    private static partial Regex ZeroWidth();
}
