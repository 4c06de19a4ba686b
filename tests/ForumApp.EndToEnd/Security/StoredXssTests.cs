using System.Diagnostics;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ForumApp.EndToEnd.Security;

/// <summary>
/// Issue 14: every stored XSS vector (<see cref="XssVectors"/>) loaded in Chromium on every page type that shows user
/// text (essay, permalink thread, revision history, composer preview, moderation queue, audit log, flag page, account
/// profile), once with the Content-Security-Policy and once with it bypassed (the sanitizer alone): no vector runs
/// (no call of the exposed function, no dialog, no beacon request) and none is armed in the DOM (no event-handler
/// attribute, no script/iframe/object/embed/base/meta in the body, no javascript:/vbscript:/data: URL). A positive
/// control shows the harness sees executions.
/// </summary>
[Collection(HostileSiteGroup.Name)]
public sealed class StoredXssTests(HostileSite site, ITestOutputHelper output)
{
    // Finds anything in the page that could run: handler attributes, script-bearing elements, script URLs.
    private const string ArmedScript = """
        () => {
          const found = [];
          const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'srcdoc', 'dynsrc', 'lowsrc'];
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const name = a.name.toLowerCase();
              const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
              if (name.startsWith('on')) found.push(el.tagName + '[' + name + ']');
              if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(value)) found.push(el.tagName + '[' + name + '=' + value.slice(0, 40) + ']');
            }
            if (el.closest('body') && ['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'STYLE', 'LINK', 'SVG', 'MATH', 'IMG', 'INPUT', 'FORM', 'BUTTON'].includes(el.tagName.toUpperCase())
                && el.closest('.comment-body, #comment-preview, .audit-json, .diff-table, .composer-target')) {
              found.push(el.tagName + ' inside user text');
            }
            if (el.tagName === 'SCRIPT' && !(el.src && new URL(el.src).origin === location.origin && el.src.includes('/_framework/'))
                && !(el.src && new URL(el.src).origin === location.origin)) found.push('SCRIPT ' + (el.src || el.textContent.slice(0, 40)));
          }
          return found;
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_stored_vector_runs_or_is_armed_on_any_page_type(bool withCsp)
    {
        var clock = Stopwatch.StartNew();
        Assert.Empty(site.ArrangeHits);
        var problems = new List<string>();
        var loads = 0;
        var (page, hits) = await site.WatchedPageAsync(bypassCsp: !withCsp, site.Moderator);
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                cspViolations.Add(message.Text);
            }
        };

        var pages = new (string Name, string Path, bool AllVectors)[]
        {
            ("essay", site.EssayPath, true),
            ("permalink", $"{site.EssayPath}/comments/{site.RootId}", true),
            ("history", $"/comments/{site.HistoryId}/history", true),
            ("moderation queue", "/moderation", true),
            ("audit log", "/moderation/audit", false),
            ("flag page", $"/comments/{site.ComposedId}/flag", true),
        };
        foreach (var (name, path, allVectors) in pages)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            loads++;
            problems.AddRange(await CheckAsync(page, name, allVectors));
        }

        // The composer's live preview: every vector typed at once.
        await page.GotoAsync($"{site.EssayPath}?reply={site.RootId}#composer");
        await Composer.TypeAsync(page, HostileSite.AllVectors, XssVectors.Marker(XssVectors.All.Count));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        loads++;
        problems.AddRange(await CheckAsync(page, "composer preview", allVectors: true));
        await page.Context.CloseAsync();

        // The account profile of each account whose display name is a vector (its header shows the name too).
        foreach (var account in site.NamedAccounts)
        {
            var (profile, profileHits) = await site.WatchedPageAsync(bypassCsp: !withCsp, account);
            await profile.GotoAsync("/account/profile");
            await profile.WaitForLoadStateAsync(LoadState.NetworkIdle);
            loads++;
            problems.AddRange(await CheckAsync(profile, "profile of " + account.UserName, allVectors: false));
            problems.AddRange(profileHits);
            await profile.Context.CloseAsync();
        }

        problems.AddRange(hits);
        if (withCsp)
        {
            // With the sanitizer doing its work, the policy never has anything to block.
            problems.AddRange(cspViolations.Select(v => "CSP blocked something: " + v));
        }

        output.WriteLine($"CSP {(withCsp ? "on" : "off")}: {XssVectors.All.Count} vectors + {XssVectors.DisplayNames.Count} display names, {loads} page loads, {problems.Count} problems, {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Positive_control_the_harness_sees_vectors_run_when_nothing_stops_them()
    {
        var (page, hits) = await site.WatchedPageAsync(bypassCsp: true, account: null);
        await page.GotoAsync("/account/login");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // The raw vectors, unsanitized, in a page of the app's origin with the policy bypassed.
        await page.EvaluateAsync("html => { document.body.insertAdjacentHTML('beforeend', html); }", string.Join("\n", XssVectors.All.Select(v => v.Text)));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var armed = await page.EvaluateAsync<string[]>(ArmedScript);
        await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 0))");

        output.WriteLine($"positive control: {hits.Count} executions seen, {armed.Length} armed elements");
        Assert.NotEmpty(hits);
        Assert.NotEmpty(armed);
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string name, bool allVectors)
    {
        var problems = (await page.EvaluateAsync<string[]>(ArmedScript)).Select(a => $"{name}: armed {a}").ToList();
        if (allVectors)
        {
            // The page really showed the vectors (as text): the check is not vacuous.
            var text = await page.Locator("main").InnerTextAsync();
            problems.AddRange(XssVectors.All.Where(v => !text.Contains(XssVectors.Marker(v.Id), StringComparison.Ordinal))
                .Take(3).Select(v => $"{name}: vector {v.Id} not shown"));
        }

        return problems;
    }
}
