using ForumApp.Core.Accounts;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Import;
using ForumApp.Data.Moderation;
using ForumApp.Data.Tests.Commenting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Changes;

/// <summary>
/// Every write path publishes exactly its change, once, after its commit; a write that fails publishes nothing; the
/// change log keeps what was published, and the visible-comment count is always the count of visible comments.
/// </summary>
public abstract class ChangeFeedTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly RecordingListener _heard = new();
    private readonly FailingSaves _failing = new();
    private TestDatabase _db = null!;
    private int _essay;
    private CommentActor _alice = null!;
    private CommentActor _mod = null!;
    private long _arrangedLog;

    private CommentService Comments => _db.Get<CommentService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true, configure: s =>
        {
            s.AddSingleton<IForumChangeListener>(_heard);
            s.AddSingleton<IInterceptor>(_failing);
        });
        _essay = await _db.CreateEssayAsync();
        _alice = new CommentActor(await _db.CreateUserAsync("alice"));
        _mod = new CommentActor(await _db.CreateUserAsync("mod", ForumRoles.Moderator));
        _heard.Changes.Clear();
        await using var db = await _db.ContextAsync();
        _arrangedLog = await db.ChangeLog.MaxAsync(e => (long?)e.Id) ?? 0; // the essay's import is logged too
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Post_edit_delete_and_restore_each_publish_their_change_once_after_the_commit()
    {
        var posted = (await Comments.PostAsync(_alice, _essay, null, "처음 쓴 댓글입니다")).Comment!;
        var reply = (await Comments.PostAsync(_mod, _essay, posted.Id, "답글입니다")).Comment!;
        await Comments.EditAsync(_alice, posted.Id, "고쳐 쓴 댓글입니다");
        await Comments.DeleteAsync(_mod, posted.Id);
        await Comments.RestoreAsync(_mod, posted.Id);

        Assert.Equal(
            [
                (ForumChangeKind.CommentPosted, posted.Id),
                (ForumChangeKind.CommentPosted, reply.Id),
                (ForumChangeKind.CommentEdited, posted.Id),
                (ForumChangeKind.CommentDeleted, posted.Id),
                (ForumChangeKind.CommentRestored, posted.Id),
            ],
            _heard.Changes.Select(c => (c.Kind, c.CommentIds.Single())));
        Assert.All(_heard.Changes, c => Assert.Equal(_essay, c.EssayId));
        Assert.Equal(posted.Id, _heard.Changes[1].ParentId);
        Assert.Equal(_heard.Changes.Select(c => c.Sequence).Order(), _heard.Changes.Select(c => c.Sequence));
        Assert.All(_heard.Changes, c => Assert.True(c.Sequence > 0));
    }

    [Fact]
    public async Task Refused_writes_publish_nothing()
    {
        var posted = (await Comments.PostAsync(_alice, _essay, null, "처음 쓴 댓글입니다")).Comment!;
        _heard.Changes.Clear();

        await Comments.PostAsync(_alice, _essay, null, "");
        await Comments.PostAsync(_alice, _essay, null, "처음 쓴 댓글입니다");
        await Comments.EditAsync(_mod, posted.Id, "남의 글");
        await Comments.RestoreAsync(_alice, posted.Id);
        await _db.Get<MergeService>().MergeAsync(_alice.UserId, posted.Id, [posted.Id + 1]);

        Assert.Empty(_heard.Changes);
    }

    [Fact]
    public async Task A_write_whose_transaction_fails_publishes_nothing_and_stores_nothing()
    {
        _failing.FailNextSave = true;

        await Assert.ThrowsAnyAsync<Exception>(() => Comments.PostAsync(_alice, _essay, null, "저장되다 실패할 댓글"));

        Assert.Empty(_heard.Changes);
        await using var db = await _db.ContextAsync();
        Assert.Empty(await db.Comments.ToListAsync());
        Assert.Empty(await db.ChangeLog.Where(e => e.Id > _arrangedLog).ToListAsync());
        Assert.Equal(0, (await db.Essays.SingleAsync()).CommentCount);
    }

    [Fact]
    public async Task A_merge_and_its_undo_publish_one_change_each_naming_every_comment_they_touched()
    {
        var bob = new CommentActor(await _db.CreateUserAsync("bob"));
        var keep = (await Comments.PostAsync(_alice, _essay, null, "인공지능 기술이 모든 사람에게 열려야 한다는 주장에 공감합니다")).Comment!;
        var copy = (await Comments.PostAsync(bob, _essay, null, "인공지능 기술이 모든 사람에게 열려야 한다는 주장에 공감합니다!", acknowledgeNearDuplicate: true)).Comment!;
        var reply = (await Comments.PostAsync(_alice, _essay, copy.Id, "사본에 단 답글")).Comment!;
        _heard.Changes.Clear();

        var merge = await _db.Get<MergeService>().MergeAsync(_mod.UserId, keep.Id, [copy.Id]);
        await _db.Get<MergeService>().UnmergeAsync(_mod.UserId, merge.Id!.Value);

        Assert.Equal([ForumChangeKind.CommentsMerged, ForumChangeKind.CommentsUnmerged], _heard.Changes.Select(c => c.Kind));
        Assert.All(_heard.Changes, c => Assert.Equal([keep.Id, copy.Id, reply.Id], c.CommentIds));
        Assert.All(_heard.Changes, c => Assert.Equal(merge.Id, c.MergeId));
    }

    [Fact]
    public async Task An_import_publishes_one_essay_change_and_a_rename_publishes_the_author()
    {
        var imported = await _db.Get<ThreadImportService>().ImportFileAsync(TestEnvironment.SeedThread);
        using (var scope = _db.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>().SetDisplayNameAsync(_alice.UserId, "앨리스");
        }

        var change = Assert.Single(_heard.Changes, c => c.Kind == ForumChangeKind.EssayChanged);
        Assert.Equal(imported.EssayId, change.EssayId);
        var renamed = Assert.Single(_heard.Changes, c => c.Kind == ForumChangeKind.AuthorRenamed);
        Assert.Null(renamed.EssayId);
        Assert.Equal(2, _heard.Changes.Count);
    }

    [Fact]
    public async Task The_visible_comment_count_follows_every_kind_of_change()
    {
        var first = (await Comments.PostAsync(_alice, _essay, null, "하나")).Comment!;
        var second = (await Comments.PostAsync(_mod, _essay, null, "둘")).Comment!;
        Assert.Equal(2, await CountAsync());

        await Comments.DeleteAsync(_alice, first.Id);
        Assert.Equal(1, await CountAsync());
        await Comments.RestoreAsync(_mod, first.Id);
        Assert.Equal(2, await CountAsync());
        var merge = await _db.Get<MergeService>().MergeAsync(_mod.UserId, first.Id, [second.Id]);
        Assert.Equal(1, await CountAsync());
        await _db.Get<MergeService>().UnmergeAsync(_mod.UserId, merge.Id!.Value);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task The_change_log_keeps_what_was_published_in_order()
    {
        var posted = (await Comments.PostAsync(_alice, _essay, null, "기록될 댓글")).Comment!;
        await Comments.EditAsync(_alice, posted.Id, "고친 댓글");

        await using var db = await _db.ContextAsync();
        var log = await db.ChangeLog.Where(e => e.Id > _arrangedLog).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(_heard.Changes.Select(c => (c.Sequence, c.Kind)), log.Select(e => (e.Id, e.Kind)));
        Assert.Equal(_heard.Changes, log.Select(e => e.ToChange()), new ChangeComparer());
    }

    private async Task<int> CountAsync()
    {
        await using var db = await _db.ContextAsync();
        var stored = (await db.Essays.SingleAsync(e => e.Id == _essay)).CommentCount;
        Assert.Equal(await db.Comments.CountAsync(c => c.EssayId == _essay && c.Status == CommentStatus.Visible), stored);
        return stored;
    }

    private sealed class RecordingListener : IForumChangeListener
    {
        public List<ForumChange> Changes { get; } = [];

        public Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
        {
            Changes.Add(change);
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails the next save after its rows were sent, as a full disk or a dropped connection would.</summary>
    private sealed class FailingSaves : SaveChangesInterceptor
    {
        public bool FailNextSave { get; set; }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (FailNextSave && eventData.Context is ForumDbContext db && db.ChangeLog.Local.Count > 0)
            {
                FailNextSave = false;
                throw new InvalidOperationException("The disk is full.");
            }

            return ValueTask.FromResult(result);
        }
    }

    private sealed class ChangeComparer : IEqualityComparer<ForumChange>
    {
        public bool Equals(ForumChange? x, ForumChange? y) =>
            x is not null && y is not null && x.Kind == y.Kind && x.EssayId == y.EssayId && x.CommentIds.SequenceEqual(y.CommentIds)
            && x.AuthorId == y.AuthorId && x.ParentId == y.ParentId && x.Sequence == y.Sequence;

        public int GetHashCode(ForumChange obj) => HashCode.Combine(obj.Kind, obj.Sequence);
    }
}

public sealed class SqliteChangeFeedTests() : ChangeFeedTests(DatabaseProvider.Sqlite);

public sealed class PostgresChangeFeedTests() : ChangeFeedTests(DatabaseProvider.Postgres);
