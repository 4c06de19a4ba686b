using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Data.Import;
using ForumApp.Data.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Moderation;

public abstract class MergeServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _essayId;
    private string _mod1 = null!;
    private string _mod2 = null!;

    private MergeService Merges => _db.Services.GetRequiredService<MergeService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _essayId = (await _db.Services.GetRequiredService<ThreadImportService>().ImportFileAsync(TestEnvironment.SeedThread)).EssayId;
        _mod1 = (await _db.Data.UserAsync("mod-1", ForumRoles.Moderator)).Id;
        _mod2 = (await _db.Data.UserAsync("mod-2", ForumRoles.Moderator)).Id;
    }

    private async Task<int> MergeAsync(string moderator, int canonical, int duplicate, string? reason = null)
    {
        var outcome = await Merges.MergeAsync(moderator, canonical, [duplicate], reason);
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome.Id!.Value;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<List<Comment>> CommentsAsync()
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        return await db.Comments.AsNoTracking().Where(c => c.EssayId == _essayId).OrderBy(c => c.Id).ToListAsync();
    }

    private async Task<int> VisibleCountAsync()
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        return await db.Essays.Where(e => e.Id == _essayId).Select(e => e.CommentCount).SingleAsync();
    }

    /// <summary>A reply posted through the comment service by an account of its own (imported comments have none).</summary>
    private async Task<int> AddReplyAsync(int parentId, string text)
    {
        var replier = await _db.Data.EnsureUserAsync("replier");
        return (await _db.Data.CommentAsync(replier.Id, _essayId, text, parentId)).Id;
    }

    private static List<(int Id, int? ParentId, CommentStatus Status, int? MergedIntoId, string Body, DateTime CreatedAt)> Snapshot(IEnumerable<Comment> comments) =>
        comments.Select(c => (c.Id, c.ParentId, c.Status, c.MergedIntoId, c.BodyMarkdown, c.CreatedAt)).ToList();

    [Fact]
    public async Task Merge_moves_replies_under_the_canonical_and_unmerge_restores_everything()
    {
        var visible = (await CommentsAsync()).Where(c => c.Status == CommentStatus.Visible).ToList();
        var (keep, dup) = (visible[0].Id, visible[1].Id);
        var reply = await AddReplyAsync(dup, "이 댓글에 대한 답글입니다.");
        var before = await CommentsAsync();
        var countBefore = await VisibleCountAsync();

        var mergeId = await MergeAsync(_mod1, keep, dup, "near 0.93");

        var merged = await CommentsAsync();
        Assert.Equal(CommentStatus.Merged, merged.Single(c => c.Id == dup).Status);
        Assert.Equal(keep, merged.Single(c => c.Id == dup).MergedIntoId);
        Assert.Equal(visible[1].BodyMarkdown, merged.Single(c => c.Id == dup).BodyMarkdown);
        Assert.Equal(keep, merged.Single(c => c.Id == reply).ParentId);
        Assert.Equal(countBefore - 1, await VisibleCountAsync());

        Assert.True((await Merges.UnmergeAsync(_mod2, mergeId)).Succeeded);

        Assert.Equal(Snapshot(before), Snapshot(await CommentsAsync()));
        Assert.Equal(countBefore, await VisibleCountAsync());
    }

    [Fact]
    public async Task Every_merge_and_unmerge_is_in_the_audit_log_with_before_and_after()
    {
        var visible = (await CommentsAsync()).Where(c => c.Status == CommentStatus.Visible).ToList();

        var mergeId = await MergeAsync(_mod1, visible[0].Id, visible[1].Id);
        Assert.True((await Merges.UnmergeAsync(_mod2, mergeId)).Succeeded);

        await using var db = await _db.Factory.CreateDbContextAsync();
        var entries = await db.AuditLog.Where(a => a.Target == $"merge:{mergeId}").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["merge", "unmerge"], entries.Select(e => e.Action));
        Assert.Equal([_mod1, _mod2], entries.Select(e => e.Actor));
        Assert.All(entries, e => Assert.Contains($"\"id\":{visible[1].Id}", e.Before, StringComparison.Ordinal));
        Assert.Contains("\"status\":\"merged\"", entries[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_made_by_the_import_can_be_undone_like_any_other()
    {
        await using (var db = await _db.Factory.CreateDbContextAsync())
        {
            var importMerge = await db.Merges.Include(m => m.Members).FirstAsync(m => m.EssayId == _essayId && m.MergedBy == ThreadImportService.ImportActor);
            var copyId = importMerge.Members.Single().CommentId;

            Assert.True((await Merges.UnmergeAsync(_mod1, importMerge.Id)).Succeeded);

            var copy = (await CommentsAsync()).Single(c => c.Id == copyId);
            Assert.Equal(CommentStatus.Visible, copy.Status);
            Assert.Null(copy.MergedIntoId);
        }

        Assert.Equal(11, await VisibleCountAsync());
    }

    [Fact]
    public async Task Unmerging_twice_is_refused_with_a_message()
    {
        var visible = (await CommentsAsync()).Where(c => c.Status == CommentStatus.Visible).ToList();
        var mergeId = await MergeAsync(_mod1, visible[0].Id, visible[1].Id);
        Assert.True((await Merges.UnmergeAsync(_mod1, mergeId)).Succeeded);

        var again = await Merges.UnmergeAsync(_mod1, mergeId);

        Assert.Equal((OutcomeKind.Conflict, ProblemTypes.ModerationRefused), (again.Kind, again.ProblemType));
        Assert.Contains("이미 되돌렸습니다", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_moderators_merging_the_same_cluster_one_wins_and_the_tree_stays_whole()
    {
        var visible = (await CommentsAsync()).Where(c => c.Status == CommentStatus.Visible).ToList();
        var reply = await AddReplyAsync(visible[1].Id, "답글");

        // One keeps comment 0, the other keeps comment 1: both cannot be right.
        var results = await Task.WhenAll(
            Merges.MergeAsync(_mod1, visible[0].Id, [visible[1].Id]),
            Merges.MergeAsync(_mod2, visible[1].Id, [visible[0].Id]));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => r.Kind == OutcomeKind.Conflict);
        var after = await CommentsAsync();
        Assert.Single(after.Where(c => c.Id == visible[0].Id || c.Id == visible[1].Id), c => c.Status == CommentStatus.Visible);
        var winner = after.Single(c => (c.Id == visible[0].Id || c.Id == visible[1].Id) && c.Status == CommentStatus.Visible);
        Assert.Equal(winner.Id, after.Single(c => c.Id == reply).ParentId);
        await using var db = await _db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Merges.CountAsync(m => m.MergedBy == _mod1 || m.MergedBy == _mod2));
    }
}

public sealed class SqliteMergeServiceTests() : MergeServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresMergeServiceTests() : MergeServiceTests(DatabaseProvider.Postgres);
