using ForumApp.Core.Comments;
using ForumApp.Core.Markdown;
using ForumApp.Core.Text;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>A reply thread added under a seed comment, so there is a subtree to collapse.</summary>
/// <param name="EssayPath">The essay page, e.g. "/essays/1/ai-민주화" (slug escaped as the app links it).</param>
/// <param name="ParentId">The seed comment the thread answers.</param>
/// <param name="ReplyIds">The replies, outermost first (each answers the one before).</param>
/// <param name="ReplyTexts">Their text, in the same order.</param>
public sealed record ReplyThread(string EssayPath, int ParentId, IReadOnlyList<int> ReplyIds, IReadOnlyList<string> ReplyTexts);

/// <summary>
/// One app server and one headless Chromium, shared by the tests of a class: a browser start costs about a second,
/// a server start with migrations and the seed import a few more. Each test opens its own context (cookies, options).
/// </summary>
public sealed class ForumSite : IAsyncLifetime
{
    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private ForumServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ForumServer Server => _server ?? throw new InvalidOperationException("The site is not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>The reply thread added before any page opens.</summary>
    public ReplyThread Thread { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The browser first: a missing Chromium then fails fast, before a server and a database file exist.
        (_playwright, _browser) = await LaunchChromiumAsync();
        _server = new ForumServer();
        Thread = await AddReplyThreadAsync(_server.Services);
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

    /// <summary>Starts Debian's Chromium through Playwright's bundled driver (never `playwright install`).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchChromiumAsync(
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
                Args = s_chromiumArgs,
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

    /// <summary>A page in a fresh context pointed at the server, Korean locale, desktop viewport.</summary>
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

    /// <summary>Two nested replies under the first seed comment: the seed itself has no replies.</summary>
    private static async Task<ReplyThread> AddReplyThreadAsync(IServiceProvider services)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<ForumDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var essay = await db.Essays.OrderBy(e => e.Id).FirstAsync();
        var parent = await db.Comments
            .Where(c => c.EssayId == essay.Id && c.ParentId == null && c.Status == CommentStatus.Visible)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .FirstAsync();

        var markdown = new MarkdownRenderer();
        string[] texts =
        [
            "좋은 지적입니다. 접근성과 비용 문제는 따로 떼어 볼 수 없겠네요.",
            "동의합니다. 오픈 모델이 늘어나면 그 격차도 줄어들 거라고 봅니다.",
        ];
        var ids = new List<int>();
        int? parentId = parent.Id;
        var createdAt = parent.CreatedAt;
        foreach (var text in texts)
        {
            createdAt = createdAt.AddMinutes(5);
            var reply = new Comment
            {
                EssayId = essay.Id,
                ParentId = parentId,
                AuthorId = parent.AuthorId,
                BodyMarkdown = text,
                BodyHtml = markdown.ToSafeHtml(text),
                CreatedAt = createdAt,
                Status = CommentStatus.Visible,
                ContentHash = ContentHash.Of(text),
            };
            db.Comments.Add(reply);
            await db.SaveChangesAsync();
            ids.Add(reply.Id);
            parentId = reply.Id;
        }

        // The essay keeps its count of visible comments; keep it true so the pages stay consistent.
        essay.CommentCount += texts.Length;
        await db.SaveChangesAsync();
        return new ReplyThread($"/essays/{essay.Id}/{Uri.EscapeDataString(essay.Slug)}", parent.Id, ids, texts);
    }
}
