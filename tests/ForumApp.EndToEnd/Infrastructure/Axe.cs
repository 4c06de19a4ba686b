using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// Runs axe-core (tests/node_modules) in a page. axe is injected as an inline &lt;script&gt;, which the app's
/// Content-Security-Policy (script-src 'self') blocks: open the page with <c>BypassCSP = true</c>, which changes nothing
/// axe inspects. Only accessibility checks bypass the policy.
/// </summary>
public static class Axe
{
    private const string RunScript = """
        async () => {
            const r = await axe.run();
            return r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }
        """;

    /// <summary>The serious and critical violations of the page as it is now, each prefixed with <paramref name="state"/>.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string state)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = TestEnvironment.AxeScriptPath });
        var found = await page.EvaluateAsync<string[]>(RunScript);
        return [.. found.Select(v => $"{state}: {v}")];
    }
}
