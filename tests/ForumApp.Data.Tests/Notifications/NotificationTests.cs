using System.Text;
using ForumApp.Core.Accounts;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Notifications;
using ForumApp.Data.Changes;
using ForumApp.Data.Comments;
using ForumApp.Data.Essays;
using ForumApp.Data.Moderation;
using ForumApp.Data.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Notifications;

/// <summary>Every trigger and non-trigger of notifications, on both providers.</summary>
public abstract class NotificationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private TestAccount _writer = null!;
    private TestAccount _reader = null!;
    private TestAccount _minsu = null!;
    private TestAccount _mod = null!;
    private TestEssay _essay = null!;

    private CommentService Comments => _db.Get<CommentService>();

    private NotificationService Notifications => _db.Get<NotificationService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        _writer = await _db.Data.UserAsync("writer", ForumRoles.Author, "글쓴이");
        _reader = await _db.Data.UserAsync("reader", ForumRoles.Commenter, "읽는이");
        _minsu = await _db.Data.UserAsync("minsu", ForumRoles.Commenter, "민수");
        _mod = await _db.Data.UserAsync("mod", ForumRoles.Moderator, "운영자");
        _essay = await _db.Data.WrittenEssayAsync(_writer.Id, "알림 시험", ["첫째 문단은 주장을 폅니다.", "둘째 문단은 근거를 댑니다."]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<List<Notification>> OfAsync(TestAccount who)
    {
        await using var db = await _db.ContextAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == who.Id).OrderBy(n => n.Id).ToListAsync();
    }

    private async Task<int> PostAsync(TestAccount who, string text, int? parentId = null, int? paragraphId = null)
    {
        var outcome = await Comments.PostAsync(new CommentActor(who.Id), _essay.Id, parentId, text, new CommentPostOptions(true, paragraphId));
        Assert.True(outcome.Succeeded, outcome.Message);
        await _db.Get<ForumChangeFeed>().SettledAsync(); // as a reader who comes after the answer: the notifications are made
        return outcome.Comment!.Id;
    }

    [Fact]
    public async Task A_reply_to_the_essay_tells_its_author_with_the_replier_s_name()
    {
        var id = await PostAsync(_reader, "좋은 글입니다.");

        var told = Assert.Single(await OfAsync(_writer));
        Assert.Equal((NotificationKind.EssayReply, id, "읽는이"), (told.Kind, told.CommentId, told.ActorName));
        Assert.Null(told.ReadAt);
        Assert.Empty(await OfAsync(_reader));
    }

    [Fact]
    public async Task A_reply_anchored_to_a_paragraph_tells_the_essay_s_author_once_as_a_paragraph_reply()
    {
        await PostAsync(_reader, "근거가 약합니다.", paragraphId: 2);

        var told = Assert.Single(await OfAsync(_writer));
        Assert.Equal(NotificationKind.ParagraphReply, told.Kind);
    }

    [Fact]
    public async Task A_reply_to_a_comment_that_also_mentions_its_author_tells_them_once()
    {
        var parent = await PostAsync(_reader, "첫 댓글입니다.");
        var reply = await PostAsync(_minsu, "@reader 님, @읽는이 님 말씀에 동의합니다.", parent);

        var told = Assert.Single(await OfAsync(_reader));
        Assert.Equal((NotificationKind.CommentReply, reply), (told.Kind, told.CommentId));
        // The essay's author hears of the first comment only (the reply is to a comment, not to the essay).
        Assert.Single(await OfAsync(_writer));
    }

    [Theory]
    [InlineData("@민수 님 생각은요?")]
    [InlineData("@민수에게 묻고 싶습니다.")]
    [InlineData("@MINSU 어떻게 보세요?")]
    [InlineData("(@minsu) 의견 주세요")]
    public async Task A_mention_by_display_name_or_user_name_tells_that_person(string text)
    {
        await PostAsync(_reader, text);

        var told = Assert.Single(await OfAsync(_minsu));
        Assert.Equal(NotificationKind.Mention, told.Kind);
    }

    [Fact]
    public async Task A_mention_typed_in_NFD_or_full_width_still_finds_the_person()
    {
        await PostAsync(_reader, "@" + "민수".Normalize(NormalizationForm.FormD) + " 보세요");
        await PostAsync(_writer, "＠ｍｉｎｓｕ 확인 부탁");

        Assert.Equal(2, (await OfAsync(_minsu)).Count);
    }

    [Theory]
    [InlineData("메일은 someone@minsu.example 로 주세요")]
    [InlineData("@없는사람 안녕하세요")]
    [InlineData("민수 씨는 @ 표시를 안 씁니다")]
    public async Task Text_that_is_not_a_mention_tells_nobody(string text)
    {
        await PostAsync(_reader, text);

        Assert.Empty(await OfAsync(_minsu));
    }

    [Fact]
    public async Task Nobody_is_told_about_their_own_reply_or_mention()
    {
        var own = await PostAsync(_writer, "@writer 제 글에 제가 덧붙입니다.", paragraphId: 1);
        await PostAsync(_writer, "제 댓글에 제가 답합니다.", own);

        Assert.Empty(await OfAsync(_writer));
    }

    [Fact]
    public async Task Replaying_a_change_tells_nobody_twice()
    {
        var id = await PostAsync(_reader, "한 번만 알려야 합니다.");
        var listener = _db.Services.GetServices<IDeferredChangeListener>().OfType<NotificationListener>().Single();
        ForumChange posted;
        await using (var db = await _db.ContextAsync())
        {
            posted = (await db.ChangeLog.AsNoTracking().Where(e => e.Kind == ForumChangeKind.CommentPosted).OrderBy(e => e.Id).LastAsync()).ToChange();
        }

        await listener.OnChangesAsync([posted]);
        await listener.OnChangesAsync([posted]);

        Assert.Equal(id, Assert.Single(await OfAsync(_writer)).CommentId);
    }

    [Fact]
    public async Task Posts_handled_together_in_one_batch_tell_what_they_tell_one_at_a_time()
    {
        var first = await PostAsync(_reader, "같은 댓글을 두 번 올립니다. @민수 님 생각은요?");
        _db.Clock.Advance(TimeSpan.FromHours(25)); // past the same-author exact-duplicate rule
        var copy = await PostAsync(_reader, "같은 댓글을 두 번 올립니다. @민수 님 생각은요?");
        var reply = await PostAsync(_minsu, "@읽는이 님, 저도 그렇게 생각합니다.", first);
        var oneAtATime = await EveryNotificationAsync();
        Assert.Equal(
            [(_writer.Id, NotificationKind.EssayReply, first), (_minsu.Id, NotificationKind.Mention, first), (_reader.Id, NotificationKind.CommentReply, reply)],
            oneAtATime);

        List<ForumChange> posted;
        await using (var db = await _db.ContextAsync())
        {
            posted = [.. (await db.ChangeLog.AsNoTracking().Where(e => e.Kind == ForumChangeKind.CommentPosted).OrderBy(e => e.Id).ToListAsync()).Select(e => e.ToChange())];
            await db.Notifications.ExecuteDeleteAsync();
        }

        var listener = _db.Services.GetServices<IDeferredChangeListener>().OfType<NotificationListener>().Single();
        await listener.OnChangesAsync(posted);

        Assert.Equal(3, posted.Count);
        Assert.Equal(oneAtATime, await EveryNotificationAsync()); // the copy told nobody again, in a batch too
        Assert.DoesNotContain(copy, oneAtATime.Select(n => n.CommentId));
    }

    private async Task<List<(string RecipientUserId, NotificationKind Kind, int? CommentId)>> EveryNotificationAsync()
    {
        await using var db = await _db.ContextAsync();
        return [.. (await db.Notifications.AsNoTracking().OrderBy(n => n.CommentId).ThenBy(n => n.Kind).ToListAsync()).Select(n => (n.RecipientUserId, n.Kind, n.CommentId))];
    }

    [Fact]
    public async Task A_change_relayed_from_another_node_tells_nobody_here()
    {
        var id = await PostAsync(_reader, "다른 노드에서 온 변경");
        var listener = _db.Services.GetServices<IDeferredChangeListener>().OfType<NotificationListener>().Single();

        await listener.OnChangesAsync([ForumChange.CommentPosted(_essay.Id, id, 0, null) with { Sequence = 9_999, Relayed = true, At = DateTime.UtcNow }]);

        Assert.Single(await OfAsync(_writer)); // only the one from this node's own commit
    }

    [Fact]
    public async Task Hidden_content_tells_nobody()
    {
        var id = await PostAsync(_reader, "곧 지워질 댓글");
        Assert.True((await Comments.DeleteAsync(new CommentActor(_reader.Id), id)).Succeeded);
        var listener = _db.Services.GetServices<IDeferredChangeListener>().OfType<NotificationListener>().Single();

        // The same post heard again (as another change) after the comment was deleted, then after the essay was unpublished.
        await listener.OnChangesAsync([ForumChange.CommentPosted(_essay.Id, id, 0, null) with { Sequence = 9_001, At = DateTime.UtcNow }]);
        var visible = await PostAsync(_reader, "남는 댓글");
        Assert.True((await _db.Get<EssayModerationService>().UnpublishAsync(_mod.Id, _essay.Id, "시험")).Succeeded);
        await listener.OnChangesAsync([ForumChange.CommentPosted(_essay.Id, visible, 0, null) with { Sequence = 9_002, At = DateTime.UtcNow }]);

        Assert.Equal(2, (await OfAsync(_writer)).Count); // the two real posts only
    }

    [Fact]
    public async Task A_merge_tells_the_copy_s_author_and_folds_what_others_were_told_about_the_copy()
    {
        var parent = await PostAsync(_writer, "제 설명을 덧붙입니다.");
        var first = await PostAsync(_reader, "이 설명은 근거가 부족해 보입니다.", parent);
        var copy = await PostAsync(_minsu, "이 설명은 근거가 부족해 보입니다!", parent);
        Assert.Equal(2, (await Notifications.ListAsync(_writer.Id, 1, 20)).UnreadCount);

        var merged = await _db.Get<MergeService>().MergeAsync(_mod.Id, first, [copy], "같은 내용");
        Assert.True(merged.Succeeded, merged.Message);

        var writerPage = await Notifications.ListAsync(_writer.Id, 1, 20);
        Assert.Equal(first, Assert.Single(writerPage.Page.Items).CommentId);
        Assert.Equal(1, writerPage.UnreadCount);
        var told = Assert.Single(await OfAsync(_minsu));
        Assert.Equal((NotificationKind.CommentMerged, copy, null), (told.Kind, told.CommentId, told.ActorName));
        Assert.Empty(await OfAsync(_reader)); // the kept comment's author is not told: their comment did not change

        Assert.True((await _db.Get<MergeService>().UnmergeAsync(_mod.Id, merged.Id!.Value)).Succeeded);

        Assert.Equal(2, (await Notifications.ListAsync(_writer.Id, 1, 20)).UnreadCount);
        Assert.Equal([NotificationKind.CommentMerged, NotificationKind.CommentUnmerged], (await OfAsync(_minsu)).Select(n => n.Kind));
    }

    [Fact]
    public async Task The_same_text_posted_again_later_does_not_tell_the_same_person_twice()
    {
        await PostAsync(_reader, "같은 말을 다시 합니다.");
        _db.Clock.Advance(TimeSpan.FromHours(25)); // past the same-author exact-duplicate rule
        await PostAsync(_reader, "같은 말을 다시 합니다.");

        Assert.Single(await OfAsync(_writer));
    }

    [Fact]
    public async Task A_moderator_s_restore_tells_the_author_and_the_author_s_own_delete_does_not()
    {
        var id = await PostAsync(_reader, "지웠다가 되살릴 댓글");
        Assert.True((await Comments.DeleteAsync(new CommentActor(_reader.Id), id)).Succeeded);
        Assert.Empty(await OfAsync(_reader));

        Assert.True((await Comments.RestoreAsync(new CommentActor(_mod.Id), id)).Succeeded);

        var told = Assert.Single(await OfAsync(_reader));
        Assert.Equal((NotificationKind.CommentRestored, id), (told.Kind, told.CommentId));
    }

    [Fact]
    public async Task People_mark_their_own_notifications_read_and_never_anyone_else_s()
    {
        await PostAsync(_reader, "하나");
        await PostAsync(_reader, "둘째 댓글");
        await PostAsync(_writer, "@reader 답합니다");
        var mine = await OfAsync(_writer);
        var readers = Assert.Single(await OfAsync(_reader));

        Assert.Equal(0, await Notifications.MarkReadAsync(_writer.Id, [readers.Id], all: false));
        Assert.Equal(1, await Notifications.MarkReadAsync(_writer.Id, [mine[0].Id], all: false));
        Assert.Equal(1, await Notifications.UnreadCountAsync(_writer.Id));
        Assert.Equal(1, await Notifications.MarkReadAsync(_writer.Id, null, all: true));

        Assert.Equal(0, await Notifications.UnreadCountAsync(_writer.Id));
        Assert.Equal(1, await Notifications.UnreadCountAsync(_reader.Id));
        var page = await Notifications.ListAsync(_writer.Id, 1, 1);
        Assert.Equal((2, 2), (page.Page.TotalCount, page.Page.PageCount));
        Assert.Equal(mine[1].Id, Assert.Single(page.Page.Items).Id); // newest first
    }
}

public sealed class SqliteNotificationTests() : NotificationTests(DatabaseProvider.Sqlite);

public sealed class PostgresNotificationTests() : NotificationTests(DatabaseProvider.Postgres);
