using System.Collections.Concurrent;
using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Changes;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Data.Essays;
using ForumApp.Data.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Essays;

/// <summary>Writing essays: drafts, revisions with stable paragraph ids, publishing after the duplicate check, and who may do what.</summary>
public abstract class EssayServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly string[] s_paragraphs =
    [
        "오픈소스 모델은 누구나 내려받아 쓸 수 있다는 점에서 민주화의 출발점이라고 생각합니다.",
        "하지만 컴퓨팅 자원은 여전히 소수의 기업에 몰려 있어서 접근성이 떨어집니다.",
        "그래서 공공 인프라로서의 컴퓨팅이 필요하다는 주장이 나옵니다.",
    ];

    private readonly Heard _heard = new();
    private TestDatabase _db = null!;
    private string _author = null!;
    private string _other = null!;
    private string _commenter = null!;
    private string _mod = null!;

    private EssayService Essays => _db.Get<EssayService>();

    private EssayModerationService Moderation => _db.Get<EssayModerationService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true, configure: s => s.AddSingleton<IForumChangeListener>(_heard));
        _author = await _db.CreateUserAsync("author", ForumRoles.Author);
        _other = await _db.CreateUserAsync("other", ForumRoles.Author);
        _commenter = await _db.CreateUserAsync("commenter");
        _mod = await _db.CreateUserAsync("mod", ForumRoles.Moderator);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static EssayInput Input(string title = "오픈소스와 AI 민주화", IReadOnlyList<string>? paragraphs = null, IReadOnlyList<string>? tags = null) =>
        new(title, string.Join("\n\n", paragraphs ?? s_paragraphs), tags ?? ["AI 민주화", "오픈소스"]);

    private async Task<List<EssayParagraph>> ParagraphsAsync(int essayId, int revision)
    {
        await using var db = await _db.ContextAsync();
        return await db.EssayParagraphs.Where(p => p.EssayId == essayId && p.Revision == revision).OrderBy(p => p.Position).ToListAsync();
    }

    [Fact]
    public async Task A_new_essay_is_a_draft_at_revision_1_with_numbered_paragraphs_and_tags_that_only_its_author_and_moderators_see()
    {
        var outcome = await Essays.CreateAsync(_author, Input());

        Assert.True(outcome.Succeeded, outcome.Message);
        var essay = outcome.Essay!;
        Assert.Equal((EssayStatus.Draft, 1), (essay.Status, essay.Revision));
        Assert.Equal([1, 2, 3], (await ParagraphsAsync(essay.Id, 1)).Select(p => p.ParagraphId));
        Assert.Equal(["AI 민주화", "오픈소스"], outcome.Tags);
        Assert.Equal(0, (await _db.Get<EssayQueries>().ListAsync(1, 20)).TotalCount);
        var access = _db.Get<EssayAccess>();
        Assert.False(await access.CanReadAsync(essay, null));
        Assert.False(await access.CanReadAsync(essay, _other));
        Assert.True(await access.CanReadAsync(essay, _author));
        Assert.True(await access.CanReadAsync(essay, _mod));
        Assert.Contains(_heard.Changes, c => c.Kind == ForumChangeKind.EssayChanged && c.EssayId == essay.Id);
    }

    [Fact]
    public async Task A_commenter_may_not_write_an_essay_unless_the_forum_lets_anyone_publish()
    {
        var refused = await Essays.CreateAsync(_commenter, Input());

        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.Equal(ProblemTypes.AuthorsOnly, refused.ProblemType);
        Assert.Contains("작성자 권한", refused.Message, StringComparison.Ordinal);
        await using var open = await TestDatabase.CreateAsync(provider, configure: s => s.AddSingleton(new EssayOptions(AnyoneCanPublish: true)));
        var commenter = await open.CreateUserAsync("commenter");
        Assert.True((await open.Get<EssayService>().CreateAsync(commenter, Input())).Succeeded);
    }

    public static TheoryData<string, string, EssayProblem> InvalidInputs => new()
    {
        { "", "본문", EssayProblem.TitleEmpty },
        { new string('가', 201), "본문", EssayProblem.TitleTooLong },
        { "제목", "  ", EssayProblem.BodyEmpty },
        { "제목", new string('가', 200_001), EssayProblem.BodyTooLong },
        { "제목", "널\0문자", EssayProblem.BodyControlCharacter },
        { "제목", new string('>', 10_000) + " 인용", EssayProblem.BodyTooDeeplyNested },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs), MemberType = typeof(EssayServiceTests))]
    public async Task Invalid_input_is_refused_with_its_rule_and_nothing_is_stored(string title, string body, EssayProblem rule)
    {
        var outcome = await Essays.CreateAsync(_author, new EssayInput(title, body));

        Assert.Equal((OutcomeKind.Invalid, ProblemTypes.InvalidEssay, rule), (outcome.Kind, outcome.ProblemType, outcome.Rule));
        await using var db = await _db.ContextAsync();
        Assert.Equal(0, await db.Essays.CountAsync());
        Assert.Equal(0, await db.EssayRevisions.CountAsync());
    }

    [Fact]
    public async Task Too_many_tags_are_refused()
    {
        var outcome = await Essays.CreateAsync(_author, Input(tags: ["하나", "둘", "셋", "넷", "다섯", "여섯"]));

        Assert.Equal(EssayProblem.TooManyTags, outcome.Rule);
    }

    [Fact]
    public async Task Saving_a_draft_changes_it_in_place_and_publishing_gives_it_a_slug_and_the_list()
    {
        var id = (await Essays.CreateAsync(_author, Input())).Essay!.Id;
        _db.Clock.Advance(TimeSpan.FromHours(1));

        var saved = await Essays.UpdateAsync(_author, id, new EssayInput("고친 제목: 오픈소스", null, null));
        var published = await Essays.PublishAsync(_author, id);

        Assert.False(saved.RevisionCreated);
        Assert.Equal(1, published.Essay!.Revision);
        Assert.Equal(EssayStatus.Published, published.Essay.Status);
        Assert.Equal("고친-제목-오픈소스", published.Essay.Slug);
        Assert.Equal(TestDatabase.ClockStart.UtcDateTime.AddHours(1), published.Essay.PublishedAt);
        Assert.Equal([id], (await _db.Get<EssayQueries>().ListAsync(1, 20)).Items.Select(e => e.Id));
        await using var db = await _db.ContextAsync();
        Assert.Equal(1, await db.EssayRevisions.CountAsync(r => r.EssayId == id));
        Assert.Equal("고친 제목: 오픈소스", (await db.EssayRevisions.SingleAsync(r => r.EssayId == id)).Title);
    }

    [Fact]
    public async Task Editing_a_published_essay_makes_a_new_revision_every_one_kept_and_paragraph_ids_carried_over()
    {
        var essay = await _db.Data.WrittenEssayAsync(_author, "오픈소스와 AI 민주화", s_paragraphs);

        var edited = await Essays.UpdateAsync(_author, essay.Id, Input(paragraphs: [
            "새로 쓴 머리말: 이 글은 세 가지를 묻습니다.",
            s_paragraphs[0],
            s_paragraphs[1].Replace("접근성이 떨어집니다", "접근성이 크게 떨어집니다", StringComparison.Ordinal),
        ]));
        var tagsOnly = await Essays.UpdateAsync(_author, essay.Id, new EssayInput(null, null, ["오픈소스"]));
        var unchanged = await Essays.UpdateAsync(_author, essay.Id, new EssayInput(null, null, null));

        Assert.True(edited.RevisionCreated);
        Assert.Equal(2, edited.Essay!.Revision);
        Assert.False(tagsOnly.RevisionCreated);
        Assert.Equal(["오픈소스"], tagsOnly.Tags);
        Assert.False(unchanged.RevisionCreated);
        Assert.Equal([1, 2, 3], (await ParagraphsAsync(essay.Id, 1)).Select(p => p.ParagraphId));
        Assert.Equal([4, 1, 2], (await ParagraphsAsync(essay.Id, 2)).Select(p => p.ParagraphId));
        var history = await _db.Get<EssayRevisionQueries>().GetAllAsync(essay.Id);
        Assert.Equal([1, 2], history.Select(r => r.Number));
        Assert.Equal(string.Join("\n\n", s_paragraphs), history[0].BodyMarkdown);
    }

    [Fact]
    public async Task Only_the_author_saves_or_publishes_an_essay()
    {
        var published = await _db.Data.WrittenEssayAsync(_author, "게시한 글", s_paragraphs);
        var draft = (await Essays.CreateAsync(_author, Input("초안", ["초안의 문단입니다."]))).Essay!;

        Assert.Equal(OutcomeKind.Forbidden, (await Essays.UpdateAsync(_other, published.Id, Input())).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Essays.UpdateAsync(_mod, published.Id, Input())).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Essays.UpdateAsync(_other, draft.Id, Input())).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Essays.PublishAsync(_other, draft.Id)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Essays.PublishAsync(_mod, draft.Id)).Kind);
        Assert.Equal(OutcomeKind.Conflict, (await Essays.PublishAsync(_author, published.Id)).Kind);
        await using var db = await _db.ContextAsync();
        Assert.Equal(EssayStatus.Draft, (await db.Essays.SingleAsync(e => e.Id == draft.Id)).Status);
    }

    [Fact]
    public async Task An_essay_that_duplicates_a_published_one_gets_a_warning_and_publishing_anyway_queues_the_pair()
    {
        var original = await _db.Data.WrittenEssayAsync(_other, "먼저 쓴 글", s_paragraphs);
        var copy = (await Essays.CreateAsync(_author, Input("베낀 글"))).Essay!;

        var warned = await Essays.PublishAsync(_author, copy.Id);
        var published = await Essays.PublishAsync(_author, copy.Id, acknowledgeDuplicate: true);

        Assert.True(warned.IsDuplicateWarning);
        var overlap = Assert.Single(warned.Overlaps);
        Assert.Equal((original.Id, "duplicate", original.Path), (overlap.EssayId, overlap.Kind, overlap.Path));
        Assert.True(published.Succeeded);
        var queued = Assert.Single(await Moderation.GetOpenDuplicatesAsync());
        Assert.Equal((copy.Id, original.Id), (queued.EssayId, queued.OtherEssayId));
        Assert.True((await Moderation.DismissDuplicateAsync(_mod, queued.Id)).Succeeded);
        Assert.Empty(await Moderation.GetOpenDuplicatesAsync());
    }

    [Fact]
    public async Task Moderators_unpublish_and_restore_an_essay_audited_and_its_discussion_stays()
    {
        var essay = await _db.Data.WrittenEssayAsync(_author, "토론이 있는 글", s_paragraphs);
        var comment = await _db.Data.CommentAsync(_commenter, essay.Id, "토론에 참여합니다.");

        Assert.Equal(OutcomeKind.Forbidden, (await Moderation.UnpublishAsync(_author, essay.Id)).Kind);
        var down = await Moderation.UnpublishAsync(_mod, essay.Id, "저작권 확인 중");
        var reply = await _db.Get<Comments.CommentService>().PostAsync(new(_commenter), essay.Id, null, "중단된 글에 답글");
        var listed = await _db.Get<EssayQueries>().ListAsync(1, 20);
        var restored = await Moderation.RestoreAsync(_mod, essay.Id);

        Assert.Equal(EssayStatus.Unpublished, down.Essay!.Status);
        Assert.Equal(OutcomeKind.NotFound, reply.Kind);
        Assert.Equal(0, listed.TotalCount);
        Assert.Equal(EssayStatus.Published, restored.Essay!.Status);
        var detail = await _db.Get<EssayQueries>().GetAsync(essay.Id);
        Assert.Equal([comment.Id], detail!.Comments.Select(c => c.Id));
        await using var db = await _db.ContextAsync();
        var audit = await db.AuditLog.Where(a => a.EssayId == essay.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditActions.EssayUnpublish, AuditActions.EssayRestore], audit.Select(a => a.Action));
        Assert.Equal("저작권 확인 중", System.Text.Json.JsonDocument.Parse(audit[0].After!).RootElement.GetProperty("reason").GetString());
        Assert.Equal(_mod, audit[0].Actor);
    }

    private sealed class Heard : IForumChangeListener
    {
        public ConcurrentQueue<ForumChange> Changes { get; } = new();

        public Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
        {
            Changes.Enqueue(change);
            return Task.CompletedTask;
        }
    }
}

public sealed class SqliteEssayServiceTests() : EssayServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresEssayServiceTests() : EssayServiceTests(DatabaseProvider.Postgres);
