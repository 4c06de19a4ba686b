using System.Text.RegularExpressions;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The one base of the end-to-end fixtures: one app server (with the seed imported) and one headless Chromium,
/// shared by the tests of a class. A browser start costs about a second, a server start with migrations and the seed
/// import a few more. Each test opens its own context (cookies, options). Subclasses change the server's settings
/// (<see cref="Settings"/>) and add data through the app's services (<see cref="ArrangeAsync"/>, <see cref="Data"/>),
/// never as raw rows.
/// </summary>
public class ForumSite : IAsyncLifetime
{
    private static readonly Dictionary<string, string> s_noSettings = [];

    private IForumServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IForumServer Server => _server ?? throw new InvalidOperationException("The site is not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Essays, accounts and comments made through the running app's services.</summary>
    public TestData Data => new(Server.Services);

    /// <summary>The seed essay (the first essay imported).</summary>
    public TestEssay Essay { get; private set; } = null!;

    /// <summary>The seed essay's id.</summary>
    public int EssayId => Essay.Id;

    /// <summary>The seed essay's page, e.g. "/essays/1/ai-민주화" (slug escaped as the app links it).</summary>
    public string EssayPath => Essay.Path;

    /// <summary>Configuration the server starts with, on top of the defaults (none here).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => s_noSettings;

    public async Task InitializeAsync()
    {
        // The browser first: a missing Chromium then fails fast, before a server and a database file exist.
        (_playwright, _browser) = await Chromium.LaunchAsync();
        _server = await StartServerAsync(Settings);
        await using (var db = await CreateDbContextAsync())
        {
            var essay = await db.Essays.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.Slug }).FirstAsync();
            Essay = new TestEssay(essay.Id, essay.Slug);
        }

        await ArrangeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A context of the app's database, to read what the UI stored (writes go through <see cref="Data"/>).</summary>
    public Task<ForumDbContext> CreateDbContextAsync() =>
        Server.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();

    /// <summary>A page in a fresh context (no cookies) pointed at the server, Korean locale, desktop viewport.</summary>
    public async Task<IPage> NewPageAsync(Action<BrowserNewContextOptions>? configure = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = "ko-KR",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        };
        configure?.Invoke(options);
        var context = await Browser.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form and waits until the form has sent the browser on to <paramref name="returnUrl"/>.</summary>
    public static async Task SignInAsync(IPage page, TestAccount account, string returnUrl = "/")
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.Locator("#login-username").FillAsync(account.UserName);
        await page.Locator("#login-password").FillAsync(account.Password);
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }

    /// <summary>Starts the app: in this process here; <see cref="ProcessSite"/> runs it as a child process it can restart.</summary>
    protected virtual Task<IForumServer> StartServerAsync(IReadOnlyDictionary<string, string> settings) =>
        Task.FromResult<IForumServer>(new ForumServer(settings));

    /// <summary>Adds what the fixture's tests need once the server runs (nothing here).</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;
}
