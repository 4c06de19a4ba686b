using System.Text.RegularExpressions;
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

    /// <summary>The composer's box once its circuit renders it (the static page's box has no data-interactive).</summary>
    public static ILocator LiveBox(IPage page) => page.Locator("#comment-body[data-interactive]");

    /// <summary>Waits until the composer's circuit has rendered the interactive box.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        Expect(LiveBox(page)).ToBeAttachedAsync(new() { Timeout = 60_000 });

    /// <summary>
    /// Holds back the page's first request for blazor.web.js until <see cref="HeldStart.Release"/>: the page is shown,
    /// its composer can be typed into, but no circuit starts, as on a slow network. Later loads pass.
    /// </summary>
    public static async Task<HeldStart> HoldBlazorStartAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var held = new HeldStart();
        await page.RouteAsync(BlazorScript(), async route =>
        {
            if (Interlocked.Increment(ref held.Requests) == 1)
            {
                await held.Released.Task;
            }

            await route.ContinueAsync();
        });
        return held;
    }

    /// <summary>A held start of Blazor (see <see cref="HoldBlazorStartAsync"/>).</summary>
    public sealed class HeldStart
    {
        internal readonly TaskCompletionSource Released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        internal int Requests;

        /// <summary>True once the page asked for blazor.web.js.</summary>
        public bool Requested => Volatile.Read(ref Requests) > 0;

        /// <summary>Lets the held request (and every later one) through.</summary>
        public void Release() => Released.TrySetResult();
    }

    private static Regex BlazorScript() => new(@"/_framework/blazor\.web(\.[a-z0-9]+)?\.js$");
}
