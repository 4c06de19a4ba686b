using ForumApp.Core.Comments;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// A server for writers: like <see cref="ForumSite"/> (one server, one Chromium per test class) but with the posting
/// limits turned off, because each test registers a fresh account and posts several times in a few seconds
/// (a new account may otherwise post once per 30 s). The rate limits have tests of their own.
/// </summary>
public sealed class CommenterSite : IAsyncLifetime
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["Posting:PerAccountInterval"] = "00:00:00",
        ["Posting:NewAccountInterval"] = "00:00:00",
        ["Posting:PerIpInterval"] = "00:00:00",
    };

    private ForumServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ForumServer Server => _server ?? throw new InvalidOperationException("The site is not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>The seed essay's page, e.g. "/essays/1/ai-민주화" (slug escaped as the app links it).</summary>
    public string EssayPath { get; private set; } = "";

    /// <summary>The seed essay's id.</summary>
    public int EssayId { get; private set; }

    /// <summary>
    /// The longest visible seed comment of the essay (someone else's, read before any test posts): a text long enough
    /// that a small edit of it stays a near-duplicate.
    /// </summary>
    public Comment SeedComment { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await ForumSite.LaunchChromiumAsync();
        _server = new ForumServer(s_settings);
        await using var db = await CreateDbContextAsync();
        var essay = await db.Essays.OrderBy(e => e.Id).FirstAsync();
        EssayId = essay.Id;
        EssayPath = $"/essays/{essay.Id}/{Uri.EscapeDataString(essay.Slug)}";
        var visible = await db.Comments.AsNoTracking()
            .Where(c => c.EssayId == essay.Id && c.Status == CommentStatus.Visible)
            .ToListAsync();
        SeedComment = visible.OrderByDescending(c => c.BodyMarkdown.Length).ThenBy(c => c.Id).First();
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

    /// <summary>A context of the app's database, to pick seed comments and check what the UI stored.</summary>
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
}
