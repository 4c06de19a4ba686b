using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>Debian's Chromium through Playwright's bundled driver (never `playwright install`).</summary>
public static class Chromium
{
    private static readonly string[] s_args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Starts a headless Chromium; <paramref name="environment"/> replaces its environment when given.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var executable = TestEnvironment.ChromiumPath;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = s_args,
                Env = environment,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
