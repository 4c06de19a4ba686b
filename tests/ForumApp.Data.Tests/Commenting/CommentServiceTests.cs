using ForumApp.Core;
using System.Text;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Data.Comments;
using ForumApp.Data.Import;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Tests.Commenting;

public abstract class CommentServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CommentService _comments = null!;
    private int _essay;
    private CommentActor _alice = null!;
    private CommentActor _bob = null!;
    private CommentActor _mod = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        _comments = _db.Get<CommentService>();
        _essay = await _db.CreateEssayAsync();
        _alice = new CommentActor(await _db.CreateUserAsync("alice"));
        _bob = new CommentActor(await _db.CreateUserAsync("bob"));
        _mod = new CommentActor(await _db.CreateUserAsync("mod", ForumRoles.Moderator));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<int> CommentCountAsync()
    {
        await using var db = await _db.ContextAsync();
        return await db.Comments.CountAsync();
    }

    private async Task<int> EssayCommentCountAsync()
    {
        await using var db = await _db.ContextAsync();
        return (await db.Essays.SingleAsync(e => e.Id == _essay)).CommentCount;
    }

    [Fact]
    public async Task Post_stores_the_NFC_text_its_html_a_first_revision_and_counts_the_comment()
    {
        var nfd = "한국어 **굵게**".Normalize(NormalizationForm.FormD);

        var outcome = await _comments.PostAsync(_alice, _essay, null, nfd);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = await _db.ContextAsync();
        var stored = await db.Comments.SingleAsync();
        Assert.Equal("한국어 **굵게**".Normalize(NormalizationForm.FormC), stored.BodyMarkdown);
        Assert.Contains("<strong>굵게</strong>", stored.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(CommentStatus.Visible, stored.Status);
        Assert.Equal(1, await db.CommentRevisions.CountAsync(r => r.CommentId == stored.Id));
        Assert.Equal(1, await EssayCommentCountAsync());
    }

    public static TheoryData<string, CommentProblem> InvalidTexts => new()
    {
        { "", CommentProblem.Empty },
        { "   \n\t  ", CommentProblem.Empty },
        { "\u200B\u3000", CommentProblem.Empty },
        { new string('가', CommentRules.MaxLength + 1), CommentProblem.TooLong },
        { "벨\u0007소리", CommentProblem.ControlCharacter },
        { "널\0문자", CommentProblem.ControlCharacter },
        { @"깨진\uD800문자", CommentProblem.LoneSurrogate }, // escaped: the test runner mangles lone surrogates in theory data
        { @"\uDC00뒤만", CommentProblem.LoneSurrogate },
    };

    [Theory]
    [MemberData(nameof(InvalidTexts), MemberType = typeof(CommentServiceTests))]
    public async Task Invalid_text_is_refused_with_its_rule_and_nothing_is_stored(string text, CommentProblem expected)
    {
        text = text.Contains('\\', StringComparison.Ordinal) ? System.Text.RegularExpressions.Regex.Unescape(text) : text;
        var outcome = await _comments.PostAsync(_alice, _essay, null, text);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(expected, outcome.Rule);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
        Assert.Equal(0, await CommentCountAsync());
        Assert.Equal(0, await EssayCommentCountAsync());
    }

    [Fact]
    public async Task Text_of_exactly_the_maximum_length_in_code_points_is_accepted()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", CommentRules.MaxLength)); // 40,000 UTF-16 units, 20,000 characters

        var outcome = await _comments.PostAsync(_alice, _essay, null, emoji);

        Assert.True(outcome.Succeeded, outcome.Message);
    }

    [Fact]
    public async Task Unknown_essay_is_not_found_and_nothing_is_stored()
    {
        var outcome = await _comments.PostAsync(_alice, 9999, null, "안녕하세요");

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
        Assert.Equal(0, await CommentCountAsync());
    }

    [Fact]
    public async Task Parent_from_another_essay_is_refused()
    {
        var other = await _db.CreateEssayAsync("다른 에세이");
        var parent = (await _comments.PostAsync(_alice, other, null, "다른 곳의 댓글")).Comment!;

        var outcome = await _comments.PostAsync(_bob, _essay, parent.Id, "답글");

        Assert.Equal(CommentProblem.ParentInOtherEssay, outcome.Rule);
        Assert.Equal(1, await CommentCountAsync());
    }

    [Fact]
    public async Task Deleted_parent_and_unknown_parent_are_refused()
    {
        var parent = (await _comments.PostAsync(_alice, _essay, null, "곧 지울 댓글")).Comment!;
        await _comments.DeleteAsync(_alice, parent.Id);

        var deleted = await _comments.PostAsync(_bob, _essay, parent.Id, "답글");
        var unknown = await _comments.PostAsync(_bob, _essay, 12345, "답글");

        Assert.Equal(CommentProblem.ParentNotVisible, deleted.Rule);
        Assert.Equal(CommentProblem.ParentNotFound, unknown.Rule);
        Assert.Equal(1, await CommentCountAsync());
    }

    [Fact]
    public async Task Same_text_from_the_same_author_within_24_hours_is_refused_naming_the_earlier_comment()
    {
        var first = (await _comments.PostAsync(_alice, _essay, null, "같은 말을 두 번 합니다.")).Comment!;
        _db.Clock.Advance(TimeSpan.FromHours(23));

        // Differs only in normalization: spacing, full-width punctuation, NFD.
        var again = await _comments.PostAsync(_alice, _essay, null, "같은  말을 두 번 합니다．".Normalize(NormalizationForm.FormD));

        Assert.Equal((OutcomeKind.Conflict, ProblemTypes.DuplicateComment), (again.Kind, again.ProblemType));
        Assert.Equal(first.Id, again.EarlierCommentId);
        Assert.Equal(1, await CommentCountAsync());
    }

    [Fact]
    public async Task Different_texts_of_only_symbols_are_not_duplicates_but_the_same_one_is()
    {
        var thumbs = await _comments.PostAsync(_alice, _essay, null, "👍");
        var party = await _comments.PostAsync(_alice, _essay, null, "🎉");
        var thumbsAgain = await _comments.PostAsync(_alice, _essay, null, "👍");

        Assert.True(thumbs.Succeeded && party.Succeeded);
        Assert.Equal(thumbs.Comment!.Id, thumbsAgain.EarlierCommentId);
    }

    [Fact]
    public async Task Same_text_from_the_same_author_after_24_hours_is_only_a_near_duplicate()
    {
        await _comments.PostAsync(_alice, _essay, null, "같은 말을 두 번 합니다.");
        _db.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await _comments.PostAsync(_alice, _essay, null, "같은 말을 두 번 합니다.");
        var anyway = await _comments.PostAsync(_alice, _essay, null, "같은 말을 두 번 합니다.", acknowledgeNearDuplicate: true);

        Assert.True(again.IsNearDuplicate);
        Assert.True(anyway.Succeeded);
    }

    [Fact]
    public async Task Near_duplicate_of_another_authors_comment_warns_then_posts_and_queues_the_pair()
    {
        var original = (await _comments.PostAsync(_alice, _essay, null, "인공지능의 민주화는 모두가 도구를 쓸 수 있게 하는 일입니다.")).Comment!;
        const string similar = "인공지능의 민주화는 모두가 도구를 쓸 수 있게 하는 일이다.";

        var warned = await _comments.PostAsync(_bob, _essay, null, similar);
        var posted = await _comments.PostAsync(_bob, _essay, null, similar, acknowledgeNearDuplicate: true);

        Assert.True(warned.IsNearDuplicate);
        var match = Assert.Single(warned.Matches);
        Assert.Equal(original.Id, match.CommentId);
        Assert.InRange(match.Score, 0.8, 1.0);
        Assert.True(posted.Succeeded);
        await using var db = await _db.ContextAsync();
        var suggestion = await db.DuplicateSuggestions.SingleAsync();
        Assert.Equal((posted.Comment!.Id, original.Id), (suggestion.CommentId, suggestion.OtherCommentId));
        Assert.Equal(DuplicateSuggestionStatus.Open, suggestion.Status);
        Assert.Equal(DuplicateSuggestionKind.Near, suggestion.Kind);
        Assert.Equal(_essay, suggestion.EssayId);
    }

    [Fact]
    public async Task Different_or_short_texts_are_not_near_duplicates()
    {
        await _comments.PostAsync(_alice, _essay, null, "좋아요");
        await _comments.PostAsync(_alice, _essay, null, "인공지능의 민주화는 모두가 도구를 쓸 수 있게 하는 일입니다.");

        var shortOther = await _comments.PostAsync(_bob, _essay, null, "좋네요");
        var different = await _comments.PostAsync(_bob, _essay, null, "저는 전혀 다르게 생각합니다. 규제가 먼저입니다.");

        Assert.True(shortOther.Succeeded);
        Assert.True(different.Succeeded);
    }

    [Fact]
    public async Task Edits_keep_every_revision_with_author_time_and_a_diff()
    {
        var c = (await _comments.PostAsync(_alice, _essay, null, "첫 줄\n둘째 줄")).Comment!;
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var edit1 = await _comments.EditAsync(_alice, c.Id, "첫 줄\n고친 둘째 줄");
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var edit2 = await _comments.EditAsync(_alice, c.Id, "첫 줄\n고친 둘째 줄\n셋째 줄");

        Assert.True(edit1.Succeeded && edit2.Succeeded);
        var history = await _db.Get<CommentQueries>().GetRevisionsAsync(c.Id, viewer: null);
        Assert.NotNull(history);
        Assert.Equal([1, 2, 3], history.Revisions.Select(r => r.Number));
        Assert.All(history.Revisions, r => Assert.Equal("alice 님", r.AuthorName));
        Assert.Equal(c.CreatedAt.AddMinutes(5), history.Revisions[1].CreatedAt);
        Assert.Equal("첫 줄\n고친 둘째 줄\n셋째 줄", history.Comment.BodyMarkdown);
        Assert.NotNull(history.Comment.EditedAt);

        var diff = RevisionDiff.Lines(history.Revisions[0].BodyMarkdown, history.Revisions[1].BodyMarkdown);
        Assert.Contains(new DiffLine(DiffLineKind.Deleted, "둘째 줄"), diff);
        Assert.Contains(new DiffLine(DiffLineKind.Inserted, "고친 둘째 줄"), diff);
        Assert.Contains(new DiffLine(DiffLineKind.Unchanged, "첫 줄"), diff);
    }

    [Fact]
    public async Task Only_the_author_edits_and_invalid_edits_change_nothing()
    {
        var c = (await _comments.PostAsync(_alice, _essay, null, "원래 글")).Comment!;

        var byBob = await _comments.EditAsync(_bob, c.Id, "남의 글 고치기");
        var byMod = await _comments.EditAsync(_mod, c.Id, "운영자가 고치기");
        var empty = await _comments.EditAsync(_alice, c.Id, "   ");
        var unknown = await _comments.EditAsync(_alice, 999, "없음");

        Assert.Equal(OutcomeKind.Forbidden, byBob.Kind);
        Assert.Equal(OutcomeKind.Forbidden, byMod.Kind);
        Assert.Equal(CommentProblem.Empty, empty.Rule);
        Assert.Equal(OutcomeKind.NotFound, unknown.Kind);
        var history = await _db.Get<CommentQueries>().GetRevisionsAsync(c.Id, null);
        Assert.Equal("원래 글", Assert.Single(history!.Revisions).BodyMarkdown);
    }

    [Fact]
    public async Task Delete_leaves_a_tombstone_that_keeps_its_replies_in_the_thread()
    {
        var parent = (await _comments.PostAsync(_alice, _essay, null, "부모 댓글")).Comment!;
        var reply = (await _comments.PostAsync(_bob, _essay, parent.Id, "답글입니다")).Comment!;

        var deleted = await _comments.DeleteAsync(_alice, parent.Id);

        Assert.True(deleted.Succeeded);
        await using var db = await _db.ContextAsync();
        var all = await db.Comments.Include(c => c.Author).ToListAsync();
        var tree = CommentTree.Build(all, c => c.Author!.DisplayName);
        var root = Assert.Single(tree);
        Assert.Equal(CommentStatus.Deleted, root.Comment.Status);
        Assert.Equal("부모 댓글", root.Comment.BodyMarkdown); // kept for moderators
        Assert.Equal(reply.Id, Assert.Single(root.Children).Comment.Id);
        Assert.Equal(1, await EssayCommentCountAsync());
        Assert.Equal(ProblemTypes.NotEditable, (await _comments.EditAsync(_alice, parent.Id, "되살리기")).ProblemType);
        Assert.True((await _comments.DeleteAsync(_alice, parent.Id)).Succeeded); // idempotent
        Assert.Equal(1, await EssayCommentCountAsync());
    }

    [Fact]
    public async Task Others_cannot_delete_but_moderators_can_and_are_audited()
    {
        var c = (await _comments.PostAsync(_alice, _essay, null, "지워질 글")).Comment!;

        var byBob = await _comments.DeleteAsync(_bob, c.Id);
        var byMod = await _comments.DeleteAsync(_mod, c.Id);

        Assert.Equal(OutcomeKind.Forbidden, byBob.Kind);
        Assert.True(byMod.Succeeded);
        await using var db = await _db.ContextAsync();
        var audit = await db.AuditLog.Where(a => a.Actor != ThreadImportService.ImportActor).SingleAsync(); // the essay's import is audited too
        Assert.Equal(("delete", _mod.UserId, $"comment:{c.Id}"), (audit.Action, audit.Actor, audit.Target));
    }

    [Fact]
    public async Task History_of_a_deleted_comment_is_for_its_author_and_moderators_only()
    {
        var c = (await _comments.PostAsync(_alice, _essay, null, "지운 글의 기록")).Comment!;
        await _comments.DeleteAsync(_alice, c.Id);

        Assert.Null(await _db.Get<CommentQueries>().GetRevisionsAsync(c.Id, null));
        Assert.Null(await _db.Get<CommentQueries>().GetRevisionsAsync(c.Id, _bob));
        Assert.NotNull(await _db.Get<CommentQueries>().GetRevisionsAsync(c.Id, _alice));
        Assert.NotNull(await _db.Get<CommentQueries>().GetRevisionsAsync(c.Id, _mod));
    }

    [Fact]
    public async Task Links_in_comments_are_safe()
    {
        var c = (await _comments.PostAsync(_alice, _essay, null, "[나쁜](javascript:alert(1)) [좋은](https://example.com) <script>alert(1)</script>")).Comment!;

        Assert.DoesNotContain("javascript:", c.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", c.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rel=\"nofollow ugc noopener\"", c.BodyHtml, StringComparison.Ordinal);
    }
}

public sealed class SqliteCommentServiceTests() : CommentServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresCommentServiceTests() : CommentServiceTests(DatabaseProvider.Postgres);
