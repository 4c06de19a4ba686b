using ForumApp.Core.Accounts;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Notifications;
using ForumApp.Data.Changes;
using ForumApp.Data.Comments;
using ForumApp.Data.Notifications;
using ForumApp.Data.Search;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Changes;

/// <summary>
/// The search index and the notifications are written after a post has answered, in batches: a reader who comes after
/// the answer still sees them, every post is handled once however many come together, and a failing turn does not
/// stop the queue.
/// </summary>
public abstract class DeferredChangesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly HeldListener _held = new();
    private TestDatabase _db = null!;
    private TestAccount _writer = null!;
    private TestEssay _essay = null!;

    private CommentService Comments => _db.Get<CommentService>();

    public async Task InitializeAsync()
    {
        // Registered before the forum's own deferred listeners: while it holds a turn, they wait too.
        _db = await TestDatabase.CreateAsync(provider, configure: s => s.AddSingleton<IDeferredChangeListener>(_held));
        _writer = await _db.Data.UserAsync("writer", ForumRoles.Author, "글쓴이");
        _essay = await _db.Data.WrittenEssayAsync(_writer.Id, "지연 처리 시험", ["첫째 문단입니다.", "둘째 문단입니다."]);
        await _db.Get<ForumChangeFeed>().SettledAsync();
        _held.Batches.Clear();
    }

    public async Task DisposeAsync()
    {
        _held.Release();
        await _db.DisposeAsync();
    }

    private async Task<int> PostAsync(TestAccount who, string text)
    {
        var outcome = await Comments.PostAsync(new CommentActor(who.Id), _essay.Id, null, text, new CommentPostOptions(true));
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome.Comment!.Id;
    }

    [Fact]
    public async Task A_reader_who_comes_after_the_answer_finds_the_reply_and_its_notification_even_while_the_queue_is_behind()
    {
        var reader = await _db.Data.UserAsync("reader", ForumRoles.Commenter, "읽는이");
        _held.Hold();
        var id = await PostAsync(reader, "지연색인낱말 들어간 댓글입니다.");

        var list = _db.Get<NotificationService>().ListAsync(_writer.Id, 1, 20);
        var search = _db.Get<SearchService>().SearchAsync("지연색인낱말");
        await Task.Delay(50);
        Assert.False(list.IsCompleted); // the reads wait for the queue, they do not answer without the reply
        _held.Release();

        var told = Assert.Single((await list).Page.Items);
        Assert.Equal((NotificationKind.EssayReply, id), (told.Kind, told.CommentId));
        Assert.Equal(id, Assert.Single((await search).Results!.Items).CommentId);
    }

    [Fact]
    public async Task Replies_that_come_together_are_handled_in_one_turn_and_each_is_indexed_and_told_once()
    {
        var people = new List<TestAccount>();
        for (var i = 0; i < 12; i++)
        {
            people.Add(await _db.Data.UserAsync($"p{i}", ForumRoles.Commenter, $"사람{i}"));
        }

        _held.Hold();
        var first = await PostAsync(people[0], "묶음시험낱말 첫 댓글입니다.");
        await _held.HeldTurn; // the first post's turn has started and is held
        var rest = await Task.WhenAll(people.Skip(1).Select((p, i) => PostAsync(p, $"묶음시험낱말 {i + 2}번째 댓글, 저마다 다른 말 {i * 7919}.")));
        _held.Release();
        await _db.Get<ForumChangeFeed>().SettledAsync();

        Assert.Equal([1, rest.Length], _held.Batches.Select(b => b.Count));
        var notifications = (await _db.Get<NotificationService>().ListAsync(_writer.Id, 1, 100)).Page.Items;
        Assert.Equal(rest.Prepend(first).Order(), notifications.Select(n => n.CommentId!.Value).Order());
        var hits = (await _db.Get<SearchService>().SearchAsync("묶음시험낱말")).Results!;
        Assert.Equal(rest.Length + 1, hits.TotalCount);
    }

    [Fact]
    public async Task A_turn_that_fails_is_logged_and_the_next_changes_are_still_handled()
    {
        var reader = await _db.Data.UserAsync("reader", ForumRoles.Commenter, "읽는이");
        _held.FailNext = true;
        var lost = await PostAsync(reader, "실패한차례낱말 첫 댓글");
        await _db.Get<ForumChangeFeed>().SettledAsync();
        var kept = await PostAsync(reader, "실패한차례낱말 둘째 댓글");

        // The failing listener's turn did not keep the changes from the forum's own listeners either.
        var told = (await _db.Get<NotificationService>().ListAsync(_writer.Id, 1, 20)).Page.Items.Select(n => n.CommentId!.Value);
        Assert.Equal([lost, kept], told.Order());
        Assert.Equal(2, _held.Batches.Count);
    }

    /// <summary>A deferred listener whose turns a test can hold, and which records what each turn was given.</summary>
    private sealed class HeldListener : IDeferredChangeListener
    {
        private TaskCompletionSource _open = Opened();
        private TaskCompletionSource _heldTurn = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<List<ForumChange>> Batches { get; } = [];

        public bool FailNext { get; set; }

        public Task HeldTurn => _heldTurn.Task;

        public void Hold()
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _heldTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _open.TrySetResult();

        public async Task OnChangesAsync(IReadOnlyList<ForumChange> changes, CancellationToken cancellationToken = default)
        {
            List<ForumChange> posted = [.. changes.Where(c => c.Kind == ForumChangeKind.CommentPosted)];
            if (posted.Count == 0)
            {
                return; // an account's or an essay's change
            }

            Batches.Add(posted);
            _heldTurn.TrySetResult();
            await _open.Task;
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("The listener failed.");
            }
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}

public sealed class SqliteDeferredChangesTests() : DeferredChangesTests(DatabaseProvider.Sqlite);

public sealed class PostgresDeferredChangesTests() : DeferredChangesTests(DatabaseProvider.Postgres);
