using System.Globalization;
using System.Text;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Import;
using ForumApp.Data;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Essays;
using ForumApp.Data.Import;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Testing;

/// <summary>An essay made for a test.</summary>
/// <param name="Id">The essay's id.</param>
/// <param name="Slug">Its slug, as the import made it from the title.</param>
public sealed record TestEssay(int Id, string Slug)
{
    /// <summary>The essay page, e.g. "/essays/1/ai-민주화" (slug escaped as the app links it).</summary>
    public string Path => EssayLinks.Path(Id, Slug);
}

/// <summary>An account made for a test, with the password it signs in with.</summary>
public sealed record TestAccount(string Id, string UserName, string Password, string DisplayName)
{
    /// <summary>The account as the comment services see it (what it may do is read from the database).</summary>
    public CommentActor Actor => new(Id);
}

/// <summary>
/// Makes essays, accounts and comments for tests through the app's own services (the import, the account service,
/// the comment service), never as raw rows: what a test arranges went through the same checks, counters and
/// notifications as real data. Works on any service provider that has the data layer: a data test's, or a running
/// app's (<c>WebApplicationFactory.Services</c>). A refused write throws, so an arrangement never fails silently.
/// </summary>
public sealed class TestData(IServiceProvider services)
{
    /// <summary>The password of accounts made without one.</summary>
    public const string DefaultPassword = "password-1234";

    private static readonly string[] s_defaultParagraphs = ["첫 문단입니다.", "둘째 문단입니다."];

    /// <summary>
    /// Imports a one-essay thread (dated today by the app's clock) whose lede and title are <paramref name="title"/>
    /// and whose body is <paramref name="paragraphs"/> ("첫 문단입니다.", "둘째 문단입니다." when none are given).
    /// The import takes the same text only once, so when the database has an essay titled so already, the title gets
    /// a number ("시험 에세이 2"): each call makes a new essay. The slug in the result is the one the import made.
    /// </summary>
    public async Task<TestEssay> EssayAsync(string title = "AI 민주화", params string[] paragraphs)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(paragraphs);
        var dbFactory = services.GetRequiredService<IDbContextFactory<ForumDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var taken = await db.Essays.Where(e => e.Title.StartsWith(title)).Select(e => e.Title).ToListAsync();
            var wanted = title;
            for (var n = 2; taken.Contains(title, StringComparer.Ordinal); n++)
            {
                title = $"{wanted} {n}";
            }
        }

        var today = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = new[] { today, title }.Concat(paragraphs.Length > 0 ? paragraphs : s_defaultParagraphs);
        var file = ThreadFileReader.Read($"test-{Slug.From(title)}.txt", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

        var result = await services.GetRequiredService<ThreadImportService>().ImportAsync(file);

        if (result.AlreadyImported)
        {
            throw new InvalidOperationException($"An essay with the same text exists already ({result.EssayId}): give this one another title.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var slug = await db.Essays.Where(e => e.Id == result.EssayId).Select(e => e.Slug).SingleAsync();
            return new TestEssay(result.EssayId, slug);
        }
    }

    /// <summary>Makes an account in <paramref name="role"/> (with its author row) through the account service.</summary>
    public async Task<TestAccount> UserAsync(
        string userName, string role = ForumRoles.Commenter, string? displayName = null, string password = DefaultPassword)
    {
        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(userName, password, displayName, role);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The account {userName} was refused: {string.Join("; ", result.Errors)}");
        }

        return new TestAccount(result.User!.Id, userName, password, result.User.DisplayName);
    }

    /// <summary>The account named <paramref name="userName"/>, made as <see cref="UserAsync"/> does when it does not exist yet.</summary>
    public async Task<TestAccount> EnsureUserAsync(
        string userName, string role = ForumRoles.Commenter, string? displayName = null, string password = DefaultPassword)
    {
        using (var scope = services.CreateScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>().FindByNameAsync(userName) is { } existing)
            {
                return new TestAccount(existing.Id, userName, password, existing.DisplayName);
            }
        }

        return await UserAsync(userName, role, displayName, password);
    }

    /// <summary>
    /// Posts <paramref name="text"/> as <paramref name="userId"/> through the comment service, on the essay or under
    /// <paramref name="parentId"/>. A near duplicate is posted anyway unless <paramref name="acknowledgeNearDuplicate"/>
    /// is false (and then queued for the moderators, as when a person posts past the warning).
    /// </summary>
    public async Task<Comment> CommentAsync(
        string userId, int essayId, string text, int? parentId = null, bool acknowledgeNearDuplicate = true)
    {
        var outcome = await services.GetRequiredService<CommentService>()
            .PostAsync(new CommentActor(userId), essayId, parentId, text, acknowledgeNearDuplicate);
        return outcome.Succeeded
            ? outcome.Comment!
            : throw new InvalidOperationException($"The comment was refused ({outcome.Kind}): {outcome.Message}");
    }

    /// <summary>
    /// Writes an essay as <paramref name="userId"/> (who must be allowed to publish) through the essay service, with
    /// <paramref name="paragraphs"/> as its paragraphs, and publishes it unless <paramref name="publish"/> is false (past
    /// the duplicate warning). A refused write throws.
    /// </summary>
    public async Task<TestEssay> WrittenEssayAsync(string userId, string title, IReadOnlyList<string> paragraphs, IReadOnlyList<string>? tags = null, bool publish = true)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var essays = services.GetRequiredService<EssayService>();
        var created = await essays.CreateAsync(userId, new EssayInput(title, string.Join("\n\n", paragraphs), tags));
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"The essay was refused ({created.Kind}): {created.Message}");
        }

        var essay = created.Essay!;
        if (publish)
        {
            var published = await essays.PublishAsync(userId, essay.Id, acknowledgeDuplicate: true);
            essay = published.Succeeded ? published.Essay! : throw new InvalidOperationException($"Publishing was refused: {published.Message}");
        }

        return new TestEssay(essay.Id, essay.Slug);
    }
}
