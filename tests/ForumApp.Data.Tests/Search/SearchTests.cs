using System.Text;
using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Data.Comments;
using ForumApp.Data.Essays;
using ForumApp.Data.Moderation;
using ForumApp.Data.Search;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Tests.Search;

/// <summary>
/// Search on both databases: the hand-written Korean cases of search-queries.tsv find exactly their comments, and the
/// index follows every change a reader would notice (edits, deletes, merges, unpublished essays).
/// </summary>
public abstract class SearchTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private TestAccount _writer = null!;
    private TestEssay _essay = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _writer = await _db.Data.UserAsync("searcher", ForumRoles.Commenter, "검색하는 사람");
        _essay = await _db.Data.EssayAsync("검색 시험 에세이", "첫 문단은 디지털 전환을 다룹니다.", "둘째 문단입니다.");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private SearchService Search => _db.Get<SearchService>();

    private async Task<SearchResults> FindAsync(string query, int page = 1)
    {
        var outcome = await Search.SearchAsync(query, page);
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome.Results!;
    }

    private async Task<int[]> CommentIdsAsync(string query) =>
        [.. (await FindAsync(query)).Items.Where(h => h.Kind == SearchHitKind.Comment).Select(h => h.CommentId!.Value).Order()];

    [Fact]
    public async Task Every_hand_written_query_finds_exactly_its_comments()
    {
        var cases = SearchCases.Load();
        var ids = new Dictionary<string, int>();
        foreach (var (label, text) in cases.Texts)
        {
            ids[label] = (await _db.Data.CommentAsync(_writer.Id, _essay.Id, text)).Id;
        }

        var failures = new List<string>();
        foreach (var (query, labels) in cases.Queries)
        {
            var found = await CommentIdsAsync(query);
            var expected = labels.Select(l => ids[l]).Order().ToArray();
            if (!found.SequenceEqual(expected))
            {
                var names = ids.Where(p => found.Contains(p.Value)).Select(p => p.Key);
                failures.Add($"{query}: found [{string.Join(',', names)}], expected [{string.Join(',', labels)}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Text_stored_decomposed_with_zero_width_and_full_width_characters_is_found_by_plain_queries()
    {
        // Written behind the services (which store NFC), to prove the index normalizes on its own.
        var odd = "민\u200B주\uFF21\uFF29 플랫폼을".Normalize(NormalizationForm.FormD) + " 토론";
        int id;
        await using (var db = await _db.ContextAsync())
        {
            var author = await db.Authors.Select(a => a.Id).FirstAsync();
            var comment = new Comment { EssayId = _essay.Id, AuthorId = author, BodyMarkdown = odd, BodyHtml = odd, CreatedAt = DateTime.UtcNow };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            id = comment.Id;
        }

        await _db.Get<SearchIndexer>().IndexCommentsAsync([id]);

        Assert.Equal([id], await CommentIdsAsync("민주"));
        Assert.Equal([id], await CommentIdsAsync("ai"));
        Assert.Equal([id], await CommentIdsAsync("플랫폼"));
        var hit = (await FindAsync("플랫폼")).Items.Single();
        Assert.Contains("<mark>" + "플랫폼".Normalize(NormalizationForm.FormD) + "</mark>", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_follow_edits_deletes_and_restores()
    {
        var comments = _db.Get<CommentService>();
        var comment = await _db.Data.CommentAsync(_writer.Id, _essay.Id, "기후 위기는 모두의 문제입니다.");
        Assert.Equal([comment.Id], await CommentIdsAsync("기후"));

        var edited = await comments.EditAsync(_writer.Actor, comment.Id, "탄소 중립은 먼 이야기입니다.", CommentEditOptions.KeepStance);
        Assert.True(edited.Succeeded, edited.Message);
        Assert.Empty(await CommentIdsAsync("기후"));
        Assert.Equal([comment.Id], await CommentIdsAsync("탄소"));

        Assert.True((await comments.DeleteAsync(_writer.Actor, comment.Id)).Succeeded);
        Assert.Empty(await CommentIdsAsync("탄소"));

        var moderator = await _db.Data.UserAsync("mod", ForumRoles.Moderator);
        Assert.True((await comments.RestoreAsync(moderator.Actor, comment.Id)).Succeeded);
        Assert.Equal([comment.Id], await CommentIdsAsync("탄소"));
    }

    [Fact]
    public async Task Merged_copies_are_not_found_and_come_back_when_the_merge_is_undone()
    {
        var canonical = await _db.Data.CommentAsync(_writer.Id, _essay.Id, "재생 에너지 보조금을 늘려야 합니다.");
        var other = await _db.Data.UserAsync("other", ForumRoles.Commenter);
        var copy = await _db.Data.CommentAsync(other.Id, _essay.Id, "재생 에너지 보조금을 늘려야 합니다!");
        var moderator = await _db.Data.UserAsync("mod", ForumRoles.Moderator);
        Assert.Equal([canonical.Id, copy.Id], await CommentIdsAsync("보조금"));

        var merged = await _db.Get<MergeService>().MergeAsync(moderator.Id, canonical.Id, [copy.Id]);
        Assert.True(merged.Succeeded, merged.Message);
        Assert.Equal([canonical.Id], await CommentIdsAsync("보조금"));

        Assert.True((await _db.Get<MergeService>().UnmergeAsync(moderator.Id, merged.Id!.Value)).Succeeded);
        Assert.Equal([canonical.Id, copy.Id], await CommentIdsAsync("보조금"));
    }

    [Fact]
    public async Task An_unpublished_essay_and_its_comments_are_not_found_until_restored()
    {
        var comment = await _db.Data.CommentAsync(_writer.Id, _essay.Id, "원자력 발전의 안전성");
        var moderator = await _db.Data.UserAsync("mod", ForumRoles.Moderator);
        Assert.Single(await CommentIdsAsync("원자력"));
        Assert.Contains((await FindAsync("디지털")).Items, h => h.Kind == SearchHitKind.Essay && h.EssayId == _essay.Id);

        Assert.True((await _db.Get<EssayModerationService>().UnpublishAsync(moderator.Id, _essay.Id, "시험")).Succeeded);
        Assert.Equal(0, (await FindAsync("원자력")).TotalCount);
        Assert.Equal(0, (await FindAsync("디지털")).TotalCount);

        Assert.True((await _db.Get<EssayModerationService>().RestoreAsync(moderator.Id, _essay.Id)).Succeeded);
        Assert.Equal([comment.Id], await CommentIdsAsync("원자력"));
    }

    [Fact]
    public async Task An_essay_is_found_by_its_title_and_body_with_author_date_and_a_marked_snippet()
    {
        var results = await FindAsync("디지털 전환");

        var hit = Assert.Single(results.Items);
        Assert.Equal(SearchHitKind.Essay, hit.Kind);
        Assert.Null(hit.CommentId);
        Assert.Equal("검색 시험 에세이", hit.EssayTitle);
        Assert.Contains("<mark>디지털</mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("<mark>전환</mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Equal(1, (await FindAsync("시험 에세이")).TotalCount);
    }

    [Fact]
    public async Task A_snippet_encodes_the_text_and_marks_only_the_matches()
    {
        await _db.Data.CommentAsync(_writer.Id, _essay.Id, "<script>alert(1)</script> 선거 제도 & 개혁");

        var hit = (await FindAsync("선거")).Items.Single();

        Assert.DoesNotContain("<script>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("<mark>선거</mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Equal("검색하는 사람", hit.AuthorName);
    }

    [Fact]
    public async Task Results_are_paged_with_the_total_count()
    {
        for (var i = 0; i < SearchService.PageSize + 5; i++)
        {
            await _db.Data.CommentAsync(_writer.Id, _essay.Id, $"주거 정책 의견 {i}번째, 서로 다른 이야기 {new string('가', i % 3 + 1)}{i}");
        }

        var first = await FindAsync("주거");
        var second = await FindAsync("주거", 2);

        Assert.Equal(SearchService.PageSize + 5, first.TotalCount);
        Assert.Equal(2, first.PageCount);
        Assert.Equal(SearchService.PageSize, first.Items.Count);
        Assert.Equal(5, second.Items.Count);
        Assert.Empty(first.Items.Select(h => h.CommentId).Intersect(second.Items.Select(h => h.CommentId)));
    }

    [Fact]
    public async Task A_rebuild_finds_the_same_results()
    {
        var cases = SearchCases.Load();
        foreach (var (_, text) in cases.Texts)
        {
            await _db.Data.CommentAsync(_writer.Id, _essay.Id, text);
        }

        var before = new List<int[]>();
        foreach (var (query, _) in cases.Queries)
        {
            before.Add(await CommentIdsAsync(query));
        }

        var progress = new List<SearchRebuildProgress>();
        var written = await _db.Get<SearchIndexer>().RebuildAsync(new SyncProgress(progress.Add));

        Assert.Equal(cases.Texts.Count + 1, written);
        Assert.Equal(written, progress[^1].Done);
        Assert.Equal(written, progress[^1].Total);
        for (var i = 0; i < cases.Queries.Count; i++)
        {
            Assert.Equal(before[i], await CommentIdsAsync(cases.Queries[i].Query));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! ???")]
    public async Task An_empty_or_wordless_query_is_refused(string query)
    {
        var outcome = await Search.SearchAsync(query);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(ProblemTypes.InvalidSearch, outcome.ProblemType);
    }

    [Fact]
    public async Task A_query_over_the_limit_is_refused()
    {
        var outcome = await Search.SearchAsync(new string('가', Core.Search.SearchQuery.MaxLength + 1));

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains("200자", outcome.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<SearchRebuildProgress> report) : IProgress<SearchRebuildProgress>
    {
        public void Report(SearchRebuildProgress value) => report(value);
    }
}

public sealed class SqliteSearchTests() : SearchTests(DatabaseProvider.Sqlite);

public sealed class PostgresSearchTests() : SearchTests(DatabaseProvider.Postgres);
