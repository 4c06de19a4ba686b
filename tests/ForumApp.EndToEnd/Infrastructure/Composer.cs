using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>The comment composer (the interactive island) as a browser drives it.</summary>
public static class Composer
{
    /// <summary>Waits until blazor.web.js runs: clicks sent before the circuit connects are lost.</summary>
    public static async Task WaitForBlazorAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    }

    /// <summary>
    /// Types into the composer once its circuit is live. The textarea is prerendered before the WebSocket connects, and
    /// input sent before that is lost (or overwritten when the circuit's first render sets the bound value), so type
    /// again until the server-rendered preview shows <paramref name="probe"/>.
    /// </summary>
    public static async Task TypeAsync(IPage page, string text, string probe)
    {
        await WaitForBlazorAsync(page);
        var body = page.Locator("#comment-body");
        for (var attempt = 1; ; attempt++)
        {
            await body.FillAsync(text);
            try
            {
                await Expect(page.Locator("#comment-preview")).ToContainTextAsync(probe, new() { Timeout = 2_000 });
                await Expect(body).ToHaveValueAsync(text);
                return;
            }
            catch (PlaywrightException) when (attempt < 10)
            {
            }
        }
    }
}
