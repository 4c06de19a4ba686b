using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Changes;
using ForumApp.Data.Comments;
using ForumApp.Data.Moderation;
using ForumApp.Data.Queries;
using ForumApp.Data.Reactions;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Tests.Reactions;

/// <summary>"공감" on essays and comments, through merges and unmerges, on both providers.</summary>
public abstract class ReactionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private TestAccount _writer = null!;
    private TestAccount _a = null!;
    private TestAccount _b = null!;
    private TestAccount _mod = null!;
    private TestEssay _essay = null!;

    private ReactionService Reactions => _db.Get<ReactionService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _writer = await _db.Data.UserAsync("writer", ForumRoles.Author, "글쓴이");
        _a = await _db.Data.UserAsync("reader-a");
        _b = await _db.Data.UserAsync("reader-b");
        _mod = await _db.Data.UserAsync("mod", ForumRoles.Moderator);
        _essay = await _db.Data.WrittenEssayAsync(_writer.Id, "공감 시험", ["첫째 문단입니다.", "둘째 문단입니다."]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<IReadOnlyDictionary<int, int>> CountsAsync() =>
        (await _db.Get<EssayQueries>().GetAsync(_essay.Id))!.CommentReactions;

    [Fact]
    public async Task One_per_person_removable_and_idempotent_both_ways()
    {
        var c = (await _db.Data.CommentAsync(_a.Id, _essay.Id, "공감할 댓글")).Id;

        Assert.Equal((1, true), Result(await Reactions.SetCommentAsync(_a.Id, c, true)));
        Assert.Equal((1, true), Result(await Reactions.SetCommentAsync(_a.Id, c, true)));
        Assert.Equal((2, true), Result(await Reactions.SetCommentAsync(_b.Id, c, true)));
        Assert.Equal((1, false), Result(await Reactions.SetCommentAsync(_a.Id, c, false)));
        Assert.Equal((1, false), Result(await Reactions.SetCommentAsync(_a.Id, c, false)));
        Assert.Equal(1, (await CountsAsync())[c]);

        Assert.Equal((1, true), Result(await Reactions.SetEssayAsync(_a.Id, _essay.Id, true)));
        Assert.Equal((1, true), Result(await Reactions.SetEssayAsync(_a.Id, _essay.Id, true)));
        Assert.Equal(1, (await _db.Get<EssayQueries>().GetAsync(_essay.Id))!.ReactionCount);
        Assert.Equal((0, false), Result(await Reactions.SetEssayAsync(_a.Id, _essay.Id, false)));
    }

    [Fact]
    public async Task Each_real_change_is_on_the_change_feed_and_a_repeat_is_not()
    {
        var c = (await _db.Data.CommentAsync(_a.Id, _essay.Id, "변경 기록")).Id;

        await Reactions.SetCommentAsync(_b.Id, c, true);
        await Reactions.SetCommentAsync(_b.Id, c, true);
        await Reactions.SetEssayAsync(_b.Id, _essay.Id, true);

        await using var db = await _db.ContextAsync();
        var changes = await db.ChangeLog.AsNoTracking().Where(e => e.Kind == ForumChangeKind.ReactionChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([c.ToString(System.Globalization.CultureInfo.InvariantCulture), ""], changes.Select(e => e.CommentIds));
        Assert.All(changes, e => Assert.Equal(_essay.Id, e.EssayId));
    }

    [Fact]
    public async Task Unknown_merged_deleted_and_unpublished_targets_are_not_found()
    {
        var kept = (await _db.Data.CommentAsync(_a.Id, _essay.Id, "남길 댓글은 이것입니다")).Id;
        var copy = (await _db.Data.CommentAsync(_b.Id, _essay.Id, "남길 댓글은 이것입니다!")).Id;
        var gone = (await _db.Data.CommentAsync(_a.Id, _essay.Id, "지울 댓글")).Id;
        Assert.True((await _db.Get<MergeService>().MergeAsync(_mod.Id, kept, [copy])).Succeeded);
        Assert.True((await _db.Get<CommentService>().DeleteAsync(new CommentActor(_a.Id), gone)).Succeeded);
        var draft = await _db.Data.WrittenEssayAsync(_writer.Id, "초안", ["아직 쓰는 중"], publish: false);

        Assert.Equal(OutcomeKind.NotFound, (await Reactions.SetCommentAsync(_b.Id, 999_999, true)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Reactions.SetCommentAsync(_b.Id, copy, true)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Reactions.SetCommentAsync(_b.Id, gone, true)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Reactions.SetEssayAsync(_b.Id, draft.Id, true)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Reactions.SetEssayAsync(_b.Id, 999_999, true)).Kind);
    }

    [Fact]
    public async Task A_merge_counts_each_person_once_and_an_unmerge_restores_every_count()
    {
        var kept = (await _db.Data.CommentAsync(_a.Id, _essay.Id, "같은 주장을 두 번 올렸습니다")).Id;
        var copy = (await _db.Data.CommentAsync(_b.Id, _essay.Id, "같은 주장을 두 번 올렸습니다.")).Id;
        await Reactions.SetCommentAsync(_writer.Id, kept, true);
        await Reactions.SetCommentAsync(_writer.Id, copy, true); // the same person on both copies
        await Reactions.SetCommentAsync(_mod.Id, copy, true);
        var before = await CountsAsync();
        Assert.Equal((1, 2), (before[kept], before[copy]));

        var merge = await _db.Get<MergeService>().MergeAsync(_mod.Id, kept, [copy]);
        Assert.True(merge.Succeeded, merge.Message);

        var merged = await CountsAsync();
        Assert.Equal(2, merged[kept]); // writer once, mod once
        Assert.False(merged.ContainsKey(copy));
        Assert.Equal((2, true), Result(await Reactions.SetCommentAsync(_writer.Id, kept, true))); // already counted: nothing added

        Assert.True((await _db.Get<MergeService>().UnmergeAsync(_mod.Id, merge.Id!.Value)).Succeeded);

        Assert.Equal(before.OrderBy(p => p.Key), (await CountsAsync()).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Taking_back_on_the_kept_comment_takes_back_from_every_copy()
    {
        var kept = (await _db.Data.CommentAsync(_a.Id, _essay.Id, "취소 시험 댓글입니다")).Id;
        var copy = (await _db.Data.CommentAsync(_b.Id, _essay.Id, "취소 시험 댓글입니다!")).Id;
        await Reactions.SetCommentAsync(_writer.Id, copy, true);
        Assert.True((await _db.Get<MergeService>().MergeAsync(_mod.Id, kept, [copy])).Succeeded);

        Assert.Equal((0, false), Result(await Reactions.SetCommentAsync(_writer.Id, kept, false)));
        Assert.Empty(await CountsAsync());
    }

    private static (int, bool) Result(ReactionOutcome outcome)
    {
        Assert.True(outcome.Succeeded, outcome.Message);
        return (outcome.Count, outcome.Reacted);
    }
}

public sealed class SqliteReactionTests() : ReactionTests(DatabaseProvider.Sqlite);

public sealed class PostgresReactionTests() : ReactionTests(DatabaseProvider.Postgres);
