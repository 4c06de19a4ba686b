using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Comments;
using ForumApp.Data.Essays;
using ForumApp.Data.Queries;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Tests.Essays;

/// <summary>Replies anchored to paragraphs with a stance, the revision they answered, and the list's orders and filters.</summary>
public abstract class DebateTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private string _author = null!;
    private CommentActor _reader = null!;
    private TestEssay _essay = null!;

    private CommentService Comments => _db.Get<CommentService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        _author = await _db.CreateUserAsync("author", ForumRoles.Author);
        _reader = new CommentActor(await _db.CreateUserAsync("reader"));
        _essay = await _db.Data.WrittenEssayAsync(_author, "문단 토론", ["첫째 문단은 주장을 폅니다.", "둘째 문단은 근거를 댑니다.", "셋째 문단은 결론입니다."], ["토론"]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_reply_records_its_paragraph_stance_and_revision_and_its_replies_inherit_the_paragraph()
    {
        var reply = await Comments.PostAsync(_reader, _essay.Id, null, "근거가 약합니다.", new CommentPostOptions(ParagraphId: 2, Stance: CommentStance.Disagree));
        var answer = await Comments.PostAsync(_reader, _essay.Id, reply.Comment!.Id, "덧붙이면 통계가 필요합니다.", new CommentPostOptions(Stance: CommentStance.Addition));
        await _db.Get<EssayService>().UpdateAsync(_author, _essay.Id, new EssayInput(null, "첫째 문단은 주장을 폅니다.\n\n둘째 문단은 통계 근거를 댑니다.\n\n셋째 문단은 결론입니다.", null));
        var later = await Comments.PostAsync(_reader, _essay.Id, null, "이제 낫습니다.", new CommentPostOptions(ParagraphId: 2, Stance: CommentStance.Agree));

        Assert.Equal((2, CommentStance.Disagree, 1), (reply.Comment.ParagraphId, reply.Comment.Stance, reply.Comment.EssayRevision));
        Assert.Equal((2, CommentStance.Addition, 1), (answer.Comment!.ParagraphId, answer.Comment.Stance, answer.Comment.EssayRevision));
        Assert.Equal((2, 2), (later.Comment!.ParagraphId, later.Comment.EssayRevision));
        var detail = await _db.Get<EssayQueries>().GetAsync(_essay.Id);
        var summary = DebateSummary.Build(detail!.Comments, detail.Threads(), detail.Paragraphs);
        Assert.Equal(new StanceCounts(1, 1, 0, 1), summary.Stances);
        Assert.Equal(3, summary.RepliesTo(2));
    }

    [Fact]
    public async Task An_unknown_paragraph_is_refused_and_nothing_is_stored()
    {
        var outcome = await Comments.PostAsync(_reader, _essay.Id, null, "어느 문단?", new CommentPostOptions(ParagraphId: 99));

        Assert.Equal((OutcomeKind.Invalid, CommentProblem.ParagraphNotFound), (outcome.Kind, outcome.Rule));
        await using var db = await _db.ContextAsync();
        Assert.Equal(0, await db.Comments.CountAsync());
    }

    [Fact]
    public async Task Changing_the_stance_when_editing_is_kept_in_the_comments_revisions()
    {
        var posted = (await Comments.PostAsync(_reader, _essay.Id, null, "찬성합니다.", new CommentPostOptions(Stance: CommentStance.Agree))).Comment!;

        var edited = await Comments.EditAsync(_reader, posted.Id, "찬성합니다.", new CommentEditOptions(true, CommentStance.Question));

        Assert.Equal(CommentStance.Question, edited.Comment!.Stance);
        var history = await _db.Get<CommentQueries>().GetRevisionsAsync(posted.Id, null);
        Assert.Equal([CommentStance.Agree, CommentStance.Question], history!.Revisions.Select(r => r.Stance));
    }

    [Fact]
    public async Task The_list_orders_by_last_reply_filters_by_tag_and_counts_stances()
    {
        var newer = await _db.Data.WrittenEssayAsync(_author, "나중 글", ["나중에 쓴 글의 문단입니다."], ["다른 주제"]);
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        await Comments.PostAsync(_reader, _essay.Id, null, "반대합니다.", new CommentPostOptions(Stance: CommentStance.Disagree));
        var queries = _db.Get<EssayQueries>();

        var byNew = await queries.ListAsync(new EssayListQuery(Sort: EssaySort.New));
        var byActive = await queries.ListAsync(new EssayListQuery(Sort: EssaySort.Active));
        var tagged = await queries.ListAsync(new EssayListQuery(Tag: "토론"));

        Assert.Equal([newer.Id, _essay.Id], byNew.Items.Select(e => e.Id));
        Assert.Equal([_essay.Id, newer.Id], byActive.Items.Select(e => e.Id));
        var only = Assert.Single(tagged.Items);
        Assert.Equal((_essay.Id, 1), (only.Id, only.Stances.Disagree));
        Assert.Equal(["토론"], only.Tags);
    }

    [Fact]
    public async Task Essays_from_before_revisions_get_revision_1_with_paragraph_ids_at_start_up()
    {
        var imported = await _db.Data.EssayAsync("예전 글", "예전의 첫 문단.", "예전의 둘째 문단.");
        await using (var db = await _db.ContextAsync())
        {
            await db.EssayParagraphs.Where(p => p.EssayId == imported.Id).ExecuteDeleteAsync();
            await db.EssayRevisions.Where(r => r.EssayId == imported.Id).ExecuteDeleteAsync();
        }

        await _db.Get<DatabaseInitializer>().MigrateAsync();

        var detail = await _db.Get<EssayQueries>().GetAsync(imported.Id);
        Assert.Equal([1, 2], detail!.Paragraphs.Select(p => p.ParagraphId));
        Assert.Equal(["예전의 첫 문단.", "예전의 둘째 문단."], detail.Paragraphs.Select(p => p.Markdown));
        Assert.Single(await _db.Get<EssayRevisionQueries>().ListAsync(imported.Id));
    }
}

public sealed class SqliteDebateTests() : DebateTests(DatabaseProvider.Sqlite);

public sealed class PostgresDebateTests() : DebateTests(DatabaseProvider.Postgres);
