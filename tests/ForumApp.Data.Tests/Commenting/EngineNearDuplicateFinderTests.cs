using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Data.Comments;
using ForumApp.Data.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Commenting;

public abstract class EngineNearDuplicateFinderTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _essayId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _essayId = (await _db.Services.GetRequiredService<ThreadImportService>().ImportFileAsync(TestEnvironment.SeedThread)).EssayId;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    // Rows written behind the services' backs, so that only the listener call under test tells the index.
    private async Task<int> InsertAsync(string text)
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        var authorId = await db.Comments.Where(c => c.EssayId == _essayId).Select(c => c.AuthorId).FirstAsync();
        var comment = new Comment
        {
            EssayId = _essayId, AuthorId = authorId, BodyMarkdown = text, BodyHtml = text, Status = CommentStatus.Visible, CreatedAt = DateTime.UtcNow,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        return comment.Id;
    }

    private async Task SetStatusAsync(int id, CommentStatus status)
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        await db.Comments.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status));
    }

    [Fact]
    public void The_engine_backs_the_check_on_post()
    {
        Assert.IsType<EngineNearDuplicateFinder>(_db.Services.GetRequiredService<INearDuplicateFinder>());
    }

    [Fact]
    public async Task A_small_edit_of_a_seed_comment_is_found_and_an_unrelated_text_is_not()
    {
        var finder = new EngineNearDuplicateFinder(_db.Factory);

        var edited = await finder.FindAsync(_essayId, "지금 빅테크들의 비즈니스 전략에서 그 빙하기에 무너진 IT공룡들의 그림자가 보이네요.");
        var unrelated = await finder.FindAsync(_essayId, "오늘 점심은 김치찌개를 먹었는데 정말 맛있었습니다.");

        var match = Assert.Single(edited);
        Assert.InRange(match.Score, 0.8, 1.0);
        Assert.Empty(unrelated);
    }

    [Fact]
    public async Task Changes_reported_after_the_first_check_are_seen_by_the_next()
    {
        var finder = new EngineNearDuplicateFinder(_db.Factory);
        const string text = "모델을 공개하는 것만으로는 민주화라고 부르기 어렵다고 생각합니다.";
        Assert.Empty(await finder.FindAsync(_essayId, text));

        var id = await InsertAsync(text);
        await finder.OnChangeAsync(ForumChange.CommentPosted(_essayId, id, 1, null));
        var afterPost = await finder.FindAsync(_essayId, text);
        await SetStatusAsync(id, CommentStatus.Deleted);
        await finder.OnChangeAsync(ForumChange.CommentDeleted(_essayId, id));
        var afterDelete = await finder.FindAsync(_essayId, text);

        Assert.Equal(id, Assert.Single(afterPost).CommentId);
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task A_check_right_after_many_posts_compares_with_every_one_of_them()
    {
        // The listener only queues a change (the post's answer does not wait for the index); a check must still see
        // every comment whose change was reported before it.
        var finder = new EngineNearDuplicateFinder(_db.Factory);
        Assert.Empty(await finder.FindAsync(_essayId, "처음 확인하는 글이라 색인을 불러옵니다."));
        var texts = Enumerable.Range(1, 40).Select(i => $"제안 {i}호: 공개 모델의 가중치 {i * 7}개를 지역 도서관 서버에 나누어 보관하자는 의견입니다.").ToList();
        var ids = new List<int>();
        foreach (var text in texts)
        {
            ids.Add(await InsertAsync(text));
        }

        foreach (var id in ids)
        {
            await finder.OnChangeAsync(ForumChange.CommentPosted(_essayId, id, 1, null));
        }

        var last = await finder.FindAsync(_essayId, texts[^1]);
        Assert.Contains(ids[^1], last.Select(m => m.CommentId));
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Contains(ids[i], (await finder.FindAsync(_essayId, texts[i])).Select(m => m.CommentId));
        }
    }

    [Fact]
    public async Task Only_comments_of_the_same_essay_are_compared()
    {
        var finder = new EngineNearDuplicateFinder(_db.Factory);

        var matches = await finder.FindAsync(_essayId + 1, "지금 빅테크들의 비즈니스 전력에서 그 빙하기에 무너진 IT공룡들의 그림자가 보이네요.");

        Assert.Empty(matches);
    }
}

public sealed class SqliteEngineNearDuplicateFinderTests() : EngineNearDuplicateFinderTests(DatabaseProvider.Sqlite);

public sealed class PostgresEngineNearDuplicateFinderTests() : EngineNearDuplicateFinderTests(DatabaseProvider.Postgres);
