using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Data.Comments;
using ForumApp.Data.Import;
using ForumApp.Data.Moderation;
using ForumApp.Data.Tests.Commenting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Moderation;

/// <summary>The moderation services (queue, merges, flags, restore, audit log) and the batch scan on a fresh database per test, SQLite and PostgreSQL.</summary>
public abstract class ModerationServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Long = "인공지능 기술이 모든 사람에게 열려야 한다는 주장에 깊이 공감합니다. 다만 비용 문제가 남아 있습니다.";
    private const string LongEdited = "인공지능 기술이 모든 사람에게 열려야 한다는 주장에 깊이 공감합니다. 다만 비용 문제가 남아있습니다.";

    private TestDatabase _db = null!;
    private int _essay;
    private string _moderator = null!;
    private string _commenter = null!;

    private DuplicateQueueService Queue => _db.Get<DuplicateQueueService>();

    private MergeService Merges => _db.Get<MergeService>();

    private FlagService Flags => _db.Get<FlagService>();

    private AuditLogService Audit => _db.Get<AuditLogService>();

    private CommentService Comments => _db.Get<CommentService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        _essay = await _db.CreateEssayAsync();
        _moderator = await _db.CreateUserAsync("mod", ForumRoles.Moderator);
        _commenter = await _db.CreateUserAsync("reader");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<int> PostAsync(string userId, string text, int? parentId = null)
    {
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        var outcome = await _db.Get<CommentService>().PostAsync(new CommentActor(userId), _essay, parentId, text, acknowledgeNearDuplicate: true);
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome.Comment!.Id;
    }

    private async Task<List<DuplicateSuggestion>> SuggestionsAsync()
    {
        await using var db = await _db.ContextAsync();
        return await db.DuplicateSuggestions.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = await _db.ContextAsync();
        return await db.AuditLog.AsNoTracking().Where(a => a.Action == action).ToListAsync();
    }

    [Fact]
    public async Task Posted_near_duplicates_show_as_one_cluster_with_the_earliest_comment_as_canonical_and_a_diff()
    {
        var other = await _db.CreateUserAsync("other");
        var first = await PostAsync(_commenter, Long);
        var second = await PostAsync(other, LongEdited);
        var third = await PostAsync(_moderator, Long);

        var cluster = Assert.Single(await Queue.GetDuplicateClustersAsync());

        Assert.Equal(first, cluster.Cluster.CanonicalId);
        Assert.Equal([first, second, third], cluster.Members.Select(m => m.CommentId));
        Assert.Null(cluster.Members[0].Diff);
        Assert.False(cluster.Members[1].Diff!.Identical);
        Assert.True(cluster.Members[2].Diff!.Identical);
        Assert.Equal(["post"], cluster.Sources);
    }

    [Fact]
    public async Task Merge_settles_the_clusters_pairs_and_unmerge_reopens_them()
    {
        var other = await _db.CreateUserAsync("other");
        var first = await PostAsync(_commenter, Long);
        var second = await PostAsync(other, LongEdited);

        var merged = await Merges.MergeAsync(_moderator, first, [second]);

        Assert.True(merged.Succeeded, merged.Message);
        Assert.Empty(await Queue.GetDuplicateClustersAsync());
        Assert.All(await SuggestionsAsync(), s => Assert.Equal((DuplicateSuggestionStatus.Merged, merged.Id), (s.Status, s.MergeId)));
        Assert.Equal(merged.Id, (await Queue.GetRecentMergesAsync())[0].Id);

        var undone = await Merges.UnmergeAsync(_moderator, merged.Id!.Value);

        Assert.True(undone.Succeeded, undone.Message);
        Assert.All(await SuggestionsAsync(), s => Assert.Equal(DuplicateSuggestionStatus.Open, s.Status));
        Assert.Single(await Queue.GetDuplicateClustersAsync());
        var again = await Merges.UnmergeAsync(_moderator, merged.Id!.Value);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Merges.UnmergeAsync(_moderator, 9999)).Kind);
    }

    [Fact]
    public async Task A_commenter_is_refused_every_moderation_action_and_nothing_changes()
    {
        var first = await PostAsync(_commenter, Long);
        var second = await PostAsync(_moderator, LongEdited);
        await _db.Get<CommentService>().DeleteAsync(new CommentActor(_commenter), first);

        Assert.Equal(OutcomeKind.Forbidden, (await Merges.MergeAsync(_commenter, second, [first])).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Merges.UnmergeAsync(_commenter, 1)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Queue.DismissAsync(_commenter, [first, second])).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Comments.RestoreAsync(new CommentActor(_commenter), first)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Flags.ResolveFlagAsync(_commenter, 1, dismiss: false)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Merges.MergeAsync("nobody", second, [first])).Kind);
        Assert.All(await SuggestionsAsync(), s => Assert.Equal(DuplicateSuggestionStatus.Open, s.Status));
        await using var db = await _db.ContextAsync();
        Assert.Empty(await db.AuditLog.Where(a => a.Actor != ThreadImportService.ImportActor).ToListAsync()); // the essay's import is audited too
    }

    [Fact]
    public async Task Dismissed_pairs_are_never_suggested_again_by_a_scan()
    {
        var other = await _db.CreateUserAsync("other");
        var first = await PostAsync(_commenter, Long);
        var second = await PostAsync(other, LongEdited);

        var dismissed = await Queue.DismissAsync(_moderator, [first, second]);
        var scan = await _db.Get<DuplicateScanService>().ScanAsync("test");

        Assert.True(dismissed.Succeeded, dismissed.Message);
        Assert.Equal(1, dismissed.Id);
        Assert.Equal(0, scan.NewSuggestions);
        Assert.Equal(1, scan.KnownPairs);
        Assert.Empty(await Queue.GetDuplicateClustersAsync());
        Assert.Equal(DuplicateSuggestionStatus.Dismissed, Assert.Single(await SuggestionsAsync()).Status);
        Assert.Single(await AuditAsync("dismiss"));
        Assert.Equal(OutcomeKind.Conflict, (await Queue.DismissAsync(_moderator, [first, second])).Kind);
    }

    [Fact]
    public async Task A_dismissed_same_author_pair_is_not_merged_automatically()
    {
        var first = await PostAsync(_commenter, Long);
        var second = await PostAsync(_commenter, LongEdited + " ");
        await Queue.DismissAsync(_moderator, [first, second]);

        var scan = await _db.Get<DuplicateScanService>().ScanAsync("test");

        Assert.Equal(0, scan.AutoMerges);
        await using var db = await _db.ContextAsync();
        Assert.Equal(2, await db.Comments.CountAsync(c => c.Status == CommentStatus.Visible));
    }

    [Fact]
    public async Task Scan_merges_one_authors_copies_queues_other_clusters_reports_progress_and_adds_nothing_the_second_time()
    {
        var other = await _db.CreateUserAsync("other");
        var mine1 = await InsertAsync(_commenter, "같은 사람이 두 번 올린 꽤 긴 댓글입니다. 새로 고침을 누르다 생긴 일입니다.");
        var mine2 = await InsertAsync(_commenter, "같은 사람이 두 번 올린 꽤 긴 댓글입니다. 새로 고침을 누르다 생긴 일입니다.");
        var reply = await InsertAsync(other, "두 번째 사본에 단 답글입니다.", mine2);
        var theirs1 = await InsertAsync(_commenter, Long);
        var theirs2 = await InsertAsync(other, Long);
        var reports = new List<ScanProgress>();

        var summary = await _db.Get<DuplicateScanService>().ScanAsync("test", new SyncProgress(reports));

        Assert.Equal((1, 1, 1), (summary.AutoMerges, summary.AutoMergedComments, summary.NewSuggestions));
        Assert.Equal(new ScanProgress(1, 1, 5, 5), reports[^1]);
        Assert.Equal(new ScanProgress(0, 1, 0, 5), reports[0]);
        await using (var db = await _db.ContextAsync())
        {
            var merge = await db.Merges.Include(m => m.Members).SingleAsync();
            Assert.Equal((DuplicateScanService.SystemActor, mine1), (merge.MergedBy, merge.CanonicalId));
            Assert.Equal(mine1, (await db.Comments.SingleAsync(c => c.Id == reply)).ParentId);
            Assert.Equal(CommentStatus.Merged, (await db.Comments.SingleAsync(c => c.Id == mine2)).Status);
            Assert.Equal(4, (await db.Essays.SingleAsync(e => e.Id == _essay)).CommentCount);
            var suggestion = await db.DuplicateSuggestions.SingleAsync();
            Assert.Equal((theirs2, theirs1, "scan"), (suggestion.CommentId, suggestion.OtherCommentId, suggestion.Source));
        }

        var again = await _db.Get<DuplicateScanService>().ScanAsync("test");

        Assert.Equal((0, 0, 1), (again.AutoMerges, again.NewSuggestions, again.KnownPairs));
        Assert.Equal(2, (await AuditAsync("scan")).Count);
    }

    [Fact]
    public async Task Flags_are_kept_once_per_reader_listed_and_resolved_with_an_audit_entry()
    {
        var comment = await PostAsync(_moderator, "스팸처럼 보이는 댓글");

        var flag = await Flags.FlagAsync(_commenter, comment, FlagReason.Spam, "광고 링크가 있습니다");
        var twice = await Flags.FlagAsync(_commenter, comment, FlagReason.Spam, null);
        var tooLong = await Flags.FlagAsync(_commenter, comment, FlagReason.Spam, new string('가', 1001));
        var unknown = await Flags.FlagAsync(_commenter, 9999, FlagReason.Spam, null);

        Assert.True(flag.Succeeded, flag.Message);
        Assert.Equal(flag.Id, twice.Id);
        Assert.Equal(OutcomeKind.Invalid, tooLong.Kind);
        Assert.Equal(OutcomeKind.NotFound, unknown.Kind);
        var listed = Assert.Single(await Flags.GetOpenFlagsAsync());
        Assert.Equal((FlagReason.Spam, "광고 링크가 있습니다", "reader 님"), (listed.Reason, listed.Note, listed.ReporterName));

        var resolved = await Flags.ResolveFlagAsync(_moderator, flag.Id!.Value, dismiss: true);

        Assert.True(resolved.Succeeded);
        Assert.Empty(await Flags.GetOpenFlagsAsync());
        Assert.Single(await AuditAsync("flag-dismiss"));
        Assert.Equal(OutcomeKind.Conflict, (await Flags.ResolveFlagAsync(_moderator, flag.Id.Value, dismiss: false)).Kind);
    }

    [Fact]
    public async Task Restore_brings_a_deleted_comment_back_counts_it_and_is_audited()
    {
        var comment = await PostAsync(_commenter, "지웠다가 되살릴 댓글");
        await _db.Get<CommentService>().DeleteAsync(new CommentActor(_commenter), comment);

        var restored = await Comments.RestoreAsync(new CommentActor(_moderator), comment);

        Assert.True(restored.Succeeded, restored.Message);
        await using var db = await _db.ContextAsync();
        Assert.Equal(CommentStatus.Visible, (await db.Comments.SingleAsync(c => c.Id == comment)).Status);
        Assert.Equal(1, (await db.Essays.SingleAsync(e => e.Id == _essay)).CommentCount);
        Assert.Single(await AuditAsync("restore"));
        Assert.Equal(OutcomeKind.Conflict, (await Comments.RestoreAsync(new CommentActor(_moderator), comment)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Comments.RestoreAsync(new CommentActor(_moderator), 9999)).Kind);
    }

    [Fact]
    public async Task A_tombstone_remembers_whether_the_author_or_a_moderator_deleted()
    {
        var byAuthor = await PostAsync(_commenter, "작성자가 스스로 지울 댓글입니다");
        var byModerator = await PostAsync(_commenter, "운영자가 지울 댓글입니다");

        await _db.Get<CommentService>().DeleteAsync(new CommentActor(_commenter), byAuthor);
        await _db.Get<CommentService>().DeleteAsync(new CommentActor(_moderator), byModerator);
        await using (var db = await _db.ContextAsync())
        {
            Assert.False((await db.Comments.SingleAsync(c => c.Id == byAuthor)).DeletedByModerator);
            Assert.True((await db.Comments.SingleAsync(c => c.Id == byModerator)).DeletedByModerator);
        }

        await Comments.RestoreAsync(new CommentActor(_moderator), byModerator);
        await using (var db = await _db.ContextAsync())
        {
            Assert.False((await db.Comments.SingleAsync(c => c.Id == byModerator)).DeletedByModerator);
        }
    }

    [Fact]
    public async Task Audit_log_filters_by_action_actor_name_and_dates_and_pages_newest_first()
    {
        var admin = await _db.CreateUserAsync("boss", ForumRoles.Admin);
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await PostAsync(_commenter, $"삭제하고 되살릴 댓글 {i}"));
        }

        var start = _db.Clock.GetUtcNow().UtcDateTime;
        foreach (var id in ids)
        {
            _db.Clock.Advance(TimeSpan.FromDays(1));
            await _db.Get<CommentService>().DeleteAsync(new CommentActor(_moderator), id);
            await Comments.RestoreAsync(new CommentActor(admin), id);
        }

        var restores = await Audit.GetAuditAsync(new AuditQuery(Action: "restore"));
        var byMod = await Audit.GetAuditAsync(new AuditQuery(Actor: "mod"));
        var firstDay = await Audit.GetAuditAsync(new AuditQuery(From: start, To: start.AddDays(1.5)));
        var page2 = await Audit.GetAuditAsync(new AuditQuery(PageSize: 4, Page: 2));

        Assert.Equal(3, restores.Total);
        Assert.All(restores.Entries, e => Assert.Equal(("restore", "boss"), (e.Action, e.ActorName)));
        Assert.Equal(3, byMod.Total);
        Assert.All(byMod.Entries, e => Assert.Equal("delete", e.Action));
        Assert.Equal(2, firstDay.Total);
        // Six deletes and restores, and the import that made the essay before them: 7 entries, 3 on the second page of 4.
        Assert.Equal((7, 3, 2), (page2.Total, page2.Entries.Count, page2.PageCount));
        Assert.True(restores.Entries[0].At > restores.Entries[^1].At);
    }

    [Fact]
    public async Task Role_changes_are_audited_with_the_roles_before_and_after_and_take_effect_for_moderation()
    {
        using var scope = _db.Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleChangeService>();

        Assert.Null(await roles.SetRoleAsync("cli", "reader", ForumRoles.Moderator));
        Assert.NotNull(await roles.SetRoleAsync("cli", "reader", "emperor"));
        Assert.NotNull(await roles.SetRoleAsync("cli", "ghost", ForumRoles.Moderator));

        Assert.True(await _db.Get<Accounts.RoleCheck>().IsModeratorAsync(_commenter));
        var entry = Assert.Single(await AuditAsync("role-change"));
        Assert.Equal("cli", entry.Actor);
        Assert.Contains("commenter", entry.Before, StringComparison.Ordinal);
        Assert.Contains("moderator", entry.After, StringComparison.Ordinal);
        Assert.Null(await roles.SetRoleAsync("cli", "mod", ForumRoles.Commenter));
        Assert.False(await _db.Get<Accounts.RoleCheck>().IsModeratorAsync(_moderator));
    }

    [Fact]
    public async Task The_imports_merges_are_listed_and_a_moderator_undoes_one_like_any_other()
    {
        var imported = await _db.Get<ThreadImportService>().ImportFileAsync(TestEnvironment.SeedThread);
        var importMerges = (await Queue.GetRecentMergesAsync()).Where(m => m.EssayId == imported.EssayId).ToList();
        Assert.NotEmpty(importMerges);
        Assert.All(importMerges, m => Assert.Equal("import", m.MergedBy));

        var undone = await Merges.UnmergeAsync(_moderator, importMerges[0].Id);

        Assert.True(undone.Succeeded, undone.Message);
        var entry = Assert.Single(await AuditAsync("unmerge"));
        Assert.Equal($"merge:{importMerges[0].Id}", entry.Target);
        Assert.Equal("mod", (await Queue.GetRecentMergesAsync()).Single(m => m.Id == importMerges[0].Id).UndoneBy);
    }

    private async Task<int> InsertAsync(string userId, string text, int? parentId = null)
    {
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        await using var db = await _db.ContextAsync();
        var authorId = await db.Authors.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync();
        var comment = new Comment
        {
            EssayId = _essay,
            ParentId = parentId,
            AuthorId = authorId,
            BodyMarkdown = text,
            BodyHtml = "<p>" + text + "</p>",
            CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
            Status = CommentStatus.Visible,
            ContentHash = Core.Text.ContentHash.Of(text),
            Version = 1,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        await db.Essays.Where(e => e.Id == _essay).ExecuteUpdateAsync(s => s.SetProperty(e => e.CommentCount, e => e.CommentCount + 1));
        return comment.Id;
    }

    private sealed class SyncProgress(List<ScanProgress> reports) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => reports.Add(value);
    }
}

public sealed class SqliteModerationServiceTests() : ModerationServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresModerationServiceTests() : ModerationServiceTests(DatabaseProvider.Postgres);
