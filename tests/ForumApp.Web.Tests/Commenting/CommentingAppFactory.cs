using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ForumApp.Core.Accounts;
using ForumApp.Core.Essays;
using ForumApp.Data;
using ForumApp.Data.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>
/// The app on a fresh SQLite file with no seed, a fake clock, and posting limits off unless asked for.
/// Essays and accounts (with personal tokens) are made through the app's services (<see cref="TestData"/>).
/// </summary>
public partial class CommentingAppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "forum-web-commenting-" + Guid.NewGuid().ToString("N"));

    private readonly ConcurrentDictionary<int, TestEssay> _essays = new();

    public CommentingAppFactory() => Directory.CreateDirectory(Path.Combine(_folder, "seeds"));

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The SQLite connection string of this app's database.</summary>
    public string ConnectionString => $"Data Source={Path.Combine(_folder, "forum.db")}";

    /// <summary>True to keep the default posting limits (5 s per account and IP, 30 s for new accounts).</summary>
    protected virtual bool KeepPostingLimits => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Forum", ConnectionString);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Seed:Folder", Path.Combine(_folder, "seeds"));
        builder.UseSetting("Memory:TrimAfterStart", "false"); // a host per test class: no full collection and page-out each time
        if (!KeepPostingLimits)
        {
            builder.UseSetting("Posting:PerAccountInterval", "00:00:00");
            builder.UseSetting("Posting:NewAccountInterval", "00:00:00");
            builder.UseSetting("Posting:PerIpInterval", "00:00:00");
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>The title of the essays tests make unless they name one.</summary>
    public const string DefaultEssayTitle = "시험 에세이";

    /// <summary>Essays, accounts and comments made through the app's services.</summary>
    public TestData Data => new(Services);

    /// <summary>The page of an essay made by <see cref="CreateEssayAsync"/>.</summary>
    public string EssayPath(int essayId) => _essays[essayId].Path;

    /// <summary>
    /// Imports a one-essay thread ("첫 문단입니다.", "둘째 문단입니다.") titled <paramref name="title"/> (numbered when the
    /// title is taken, so each call makes a new essay); returns its id.
    /// </summary>
    public async Task<int> CreateEssayAsync(string title = DefaultEssayTitle)
    {
        var essay = await Data.EssayAsync(title);
        _essays[essay.Id] = essay;
        return essay.Id;
    }

    /// <summary>Makes an account in <paramref name="role"/> with a personal token; returns its user id and the token.</summary>
    public async Task<TestUser> CreateUserAsync(string userName, string role = ForumRoles.Commenter, string password = TestData.DefaultPassword)
    {
        var account = await Data.UserAsync(userName, role, password: password);
        var token = await Services.GetRequiredService<ApiTokenService>().CreateAsync(account.Id, "test");
        return new TestUser(account.Id, userName, password, token.Token);
    }

    /// <summary>The antiforgery token of the first form in a page's HTML.</summary>
    public static string AntiforgeryToken(string html) => HiddenField().Match(html).Groups[1].Value;

    /// <summary>Signs <paramref name="user"/> in through the login form; the client keeps the cookie.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, TestUser user)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(user);
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(login),
            ["_handler"] = "login",
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = user.Password,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    /// <summary>A client that authenticates with <paramref name="token"/> (none for a reader).</summary>
    public HttpClient Client(string? token = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS when a file is still open.
        }
    }
}

/// <summary>The same app with the default posting limits.</summary>
public sealed class RateLimitedAppFactory : CommentingAppFactory
{
    protected override bool KeepPostingLimits => true;
}

public sealed record TestUser(string Id, string UserName, string Password, string Token);

public partial class CommentingAppFactory
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenField();
}
