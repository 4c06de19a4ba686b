using ForumApp.Core;
using ForumApp.Core.Drafts;
using ForumApp.Data.Comments;
using ForumApp.Data.Drafts;

namespace ForumApp.Data.Tests.Drafts;

/// <summary>Drafts: one per person and place, replaced on save, restored exactly, private to their writer.</summary>
public abstract class DraftServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private string _alice = null!;
    private string _bob = null!;

    private DraftService Drafts => _db.Get<DraftService>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        _alice = await _db.CreateUserAsync("alice");
        _bob = await _db.CreateUserAsync("bob");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_saved_draft_comes_back_exactly_and_a_second_save_replaces_it()
    {
        var place = DraftPlaces.Reply(3, 12);

        await Drafts.SaveAsync(_alice, place, new DraftContent("첫 문단입니다.\n\n> 인용\n\n둘째 문단 **굵게**"));
        _db.Clock.Advance(TimeSpan.FromSeconds(3));
        var saved = await Drafts.SaveAsync(_alice, place, new DraftContent("고쳐 쓴 초안입니다.", Extra: "{\"stance\":\"agree\"}"));
        var draft = await Drafts.GetAsync(_alice, place);

        Assert.True(saved.Succeeded);
        Assert.Equal("고쳐 쓴 초안입니다.", draft!.Body);
        Assert.Equal("{\"stance\":\"agree\"}", draft.Extra);
        Assert.Equal(TestDatabase.ClockStart.UtcDateTime.AddSeconds(3), draft.UpdatedAt);
        Assert.Single(await Drafts.ListAsync(_alice));
    }

    [Fact]
    public async Task Drafts_are_per_person_and_per_place()
    {
        await Drafts.SaveAsync(_alice, DraftPlaces.Reply(3, null), new DraftContent("에세이에 대한 답"));
        await Drafts.SaveAsync(_alice, DraftPlaces.Reply(3, 12), new DraftContent("댓글 12에 대한 답"));

        Assert.Equal("에세이에 대한 답", (await Drafts.GetAsync(_alice, DraftPlaces.Reply(3, null)))!.Body);
        Assert.Equal("댓글 12에 대한 답", (await Drafts.GetAsync(_alice, DraftPlaces.Reply(3, 12)))!.Body);
        Assert.Null(await Drafts.GetAsync(_bob, DraftPlaces.Reply(3, 12)));
        Assert.Empty(await Drafts.ListAsync(_bob));
    }

    [Fact]
    public async Task Posting_or_emptying_the_box_removes_the_draft()
    {
        var place = DraftPlaces.Edit(3, 44);
        await Drafts.SaveAsync(_alice, place, new DraftContent("수정 중"));

        await Drafts.SaveAsync(_alice, place, new DraftContent("   "));
        Assert.Null(await Drafts.GetAsync(_alice, place));

        await Drafts.SaveAsync(_alice, place, new DraftContent("다시 수정 중"));
        await Drafts.DeleteAsync(_alice, place);
        Assert.Null(await Drafts.GetAsync(_alice, place));
    }

    [Fact]
    public async Task Decomposed_Hangul_is_kept_composed_and_what_no_form_could_hold_is_refused_with_nothing_stored()
    {
        var place = DraftPlaces.Reply(3, null);
        await Drafts.SaveAsync(_alice, place, new DraftContent("한국어".Normalize(System.Text.NormalizationForm.FormD)));

        var tooLong = await Drafts.SaveAsync(_alice, DraftPlaces.Reply(4, null), new DraftContent(new string('가', DraftService.MaxBodyLength + 1)));
        var badPlace = await Drafts.SaveAsync(_alice, "comment:3;drop table", new DraftContent("x"));

        Assert.Equal("한국어", (await Drafts.GetAsync(_alice, place))!.Body);
        Assert.Equal(OutcomeKind.Invalid, tooLong.Kind);
        Assert.Equal(OutcomeKind.Invalid, badPlace.Kind);
        Assert.Single(await Drafts.ListAsync(_alice));
    }

    [Fact]
    public async Task Posting_a_reply_removes_the_writers_draft_for_that_place_and_no_other()
    {
        var essay = await _db.CreateEssayAsync("초안 시험 에세이");
        var parent = await _db.Data.CommentAsync(_bob, essay, "밥이 먼저 쓴 댓글입니다.");
        var place = DraftPlaces.Reply(essay, parent.Id);
        await Drafts.SaveAsync(_alice, place, new DraftContent("앨리스가 쓰던 답글"));
        await Drafts.SaveAsync(_alice, DraftPlaces.Reply(essay, null), new DraftContent("에세이에 쓰던 댓글"));
        await Drafts.SaveAsync(_bob, place, new DraftContent("밥이 쓰던 답글"));

        var refused = await Comments.PostAsync(new CommentActor(_alice), essay, parent.Id, "   ");
        Assert.False(refused.Succeeded);
        Assert.NotNull(await Drafts.GetAsync(_alice, place));

        var posted = await Comments.PostAsync(new CommentActor(_alice), essay, parent.Id, "앨리스가 쓰던 답글");

        Assert.True(posted.Succeeded);
        Assert.Null(await Drafts.GetAsync(_alice, place));
        Assert.Equal("에세이에 쓰던 댓글", (await Drafts.GetAsync(_alice, DraftPlaces.Reply(essay, null)))!.Body);
        Assert.Equal("밥이 쓰던 답글", (await Drafts.GetAsync(_bob, place))!.Body);
    }

    [Fact]
    public async Task Saving_an_edit_removes_the_edit_draft_even_when_the_text_is_unchanged()
    {
        var essay = await _db.CreateEssayAsync("수정 초안 시험 에세이");
        var mine = await _db.Data.CommentAsync(_alice, essay, "처음 쓴 댓글입니다.");
        var other = await _db.Data.CommentAsync(_alice, essay, "두 번째 댓글입니다.");
        await Drafts.SaveAsync(_alice, DraftPlaces.Edit(essay, mine.Id), new DraftContent("고쳐 쓰는 중입니다."));
        await Drafts.SaveAsync(_alice, DraftPlaces.Edit(essay, other.Id), new DraftContent("두 번째 댓글입니다."));

        var edited = await Comments.EditAsync(new CommentActor(_alice), mine.Id, "고쳐 쓰는 중입니다.");
        var unchanged = await Comments.EditAsync(new CommentActor(_alice), other.Id, "두 번째 댓글입니다.");

        Assert.True(edited.Succeeded);
        Assert.True(unchanged.Succeeded);
        Assert.Empty(await Drafts.ListAsync(_alice));
    }

    private CommentService Comments => _db.Get<CommentService>();
}

public sealed class SqliteDraftServiceTests() : DraftServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresDraftServiceTests() : DraftServiceTests(DatabaseProvider.Postgres);
