using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.Durability;

/// <summary>
/// Many writers posting to one essay at once: the denormalized visible-comment count must equal the rows. On
/// PostgreSQL the recount lost concurrent comments until it took the essay's row lock first (found by the kill -9 test).
/// </summary>
public abstract class ConcurrentCountTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;

    protected IDbContextFactory<ForumDbContext> Factory() => _db.Factory;

    protected IServiceProvider Services() => _db.Services;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Concurrent_posts_and_deletes_keep_the_comment_count_equal_to_the_visible_rows()
    {
        var essay = await CreateEssayAsync();
        var writers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            writers.Add(await CreateUserAsync($"concurrent-{i}"));
        }

        var comments = _db.Services.GetRequiredService<CommentService>();
        await Task.WhenAll(writers.Select(user => Task.Run(async () =>
        {
            for (var n = 0; n < 12; n++)
            {
                var posted = await comments.PostAsync(new CommentActor(user), essay, null, $"{user}의 {n}번째 동시 댓글입니다 {Guid.NewGuid():N}", acknowledgeNearDuplicate: true);
                Assert.True(posted.Succeeded, posted.Message);
                if (n % 4 == 3)
                {
                    Assert.True((await comments.DeleteAsync(new CommentActor(user), posted.Comment!.Id)).Succeeded);
                }
            }
        })));

        await using var db = await _db.Factory.CreateDbContextAsync();
        var visible = await db.Comments.CountAsync(c => c.EssayId == essay && c.Status == Core.Comments.CommentStatus.Visible);
        Assert.Equal(8 * 9, visible);
        Assert.Equal(visible, await db.Essays.Where(e => e.Id == essay).Select(e => e.CommentCount).SingleAsync());
    }

    protected async Task<int> CreateEssayAsync()
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        var essay = new Core.Essays.Essay
        {
            Slug = "concurrent",
            Title = "동시에 쓰기",
            Lede = "동시에 쓰기",
            BodyMarkdown = "본문",
            BodyHtml = "<p>본문</p>",
            Author = new Core.Essays.Author { DisplayName = "필자" },
            PublishedAt = DateTime.UtcNow,
            CreatedAt = DateTime.UtcNow,
        };
        db.Essays.Add(essay);
        await db.SaveChangesAsync();
        return essay.Id;
    }

    protected async Task<string> CreateUserAsync(string name)
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        var user = new ForumUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, CreatedAt = DateTime.UtcNow, SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}

public sealed class SqliteConcurrentCountTests() : ConcurrentCountTests(DatabaseProvider.Sqlite)
{
    /// <summary>
    /// Posts commit with synchronous=NORMAL and flush the WAL themselves after leaving the write gate (group commit):
    /// every connection must go back to the pool flushing each commit again (FULL), or a later write outside the gate
    /// (an account, a key, a token) would not be on disk when it is answered.
    /// </summary>
    [Fact]
    public async Task After_posts_every_pooled_connection_flushes_each_commit_again()
    {
        var essay = await CreateEssayAsync();
        var users = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await CreateUserAsync($"sync-{i}"));
        }

        var comments = Services().GetRequiredService<CommentService>();
        await Task.WhenAll(users.Select(user => Task.Run(async () =>
        {
            for (var n = 0; n < 5; n++)
            {
                Assert.True((await comments.PostAsync(new CommentActor(user), essay, null, $"{user}의 {n}번째 댓글 {Guid.NewGuid():N}", acknowledgeNearDuplicate: true)).Succeeded);
            }
        })));

        // Open as many connections at once as the writers used, so that every pooled one is looked at.
        var contexts = new List<ForumDbContext>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var db = await Factory().CreateDbContextAsync();
                contexts.Add(db);
                await db.Database.OpenConnectionAsync();
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA synchronous;";
                Assert.Equal(2L, await command.ExecuteScalarAsync()); // FULL
                command.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("wal", await command.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }

        await using var check = await Factory().CreateDbContextAsync();
        Assert.Equal(20, await check.Essays.Where(e => e.Id == essay).Select(e => e.CommentCount).SingleAsync());
    }
}

public sealed class PostgresConcurrentCountTests() : ConcurrentCountTests(DatabaseProvider.Postgres)
{
    /// <summary>
    /// The interleaving the kill -9 test caught, made deterministic: the second writer's recount waits for the first
    /// writer's lock (seen in pg_stat_activity, not guessed with a delay), and must still count the first comment.
    /// </summary>
    [Fact]
    public async Task A_recount_that_waited_for_another_writer_counts_that_writers_comment()
    {
        await using var setup = await Factory().CreateDbContextAsync();
        var author = new Core.Essays.Author { DisplayName = "필자" };
        var essay = new Core.Essays.Essay
        {
            Slug = "race", Title = "경쟁", Lede = "경쟁", BodyMarkdown = "본문", BodyHtml = "<p>본문</p>", Author = author,
            PublishedAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
        };
        setup.Essays.Add(essay);
        await setup.SaveChangesAsync();

        await using var first = await Factory().CreateDbContextAsync();
        await using var second = await Factory().CreateDbContextAsync();
        await using var firstTx = await first.Database.BeginTransactionAsync();
        await PostAsync(first, essay.Id, author.Id);
        await using var secondTx = await second.Database.BeginTransactionAsync();
        var secondPost = PostAsync(second, essay.Id, author.Id);
        await WaitUntilSomeoneWaitsForALockAsync(setup);
        await firstTx.CommitAsync();
        await secondPost;
        await secondTx.CommitAsync();

        await using var check = await Factory().CreateDbContextAsync();
        Assert.Equal(2, await check.Essays.Where(e => e.Id == essay.Id).Select(e => e.CommentCount).SingleAsync());
    }

    private static async Task PostAsync(ForumDbContext db, int essayId, int authorId)
    {
        var comment = new Core.Comments.Comment
        {
            EssayId = essayId, AuthorId = authorId, BodyMarkdown = "동시에", BodyHtml = "<p>동시에</p>", CreatedAt = DateTime.UtcNow,
            Status = Core.Comments.CommentStatus.Visible, Version = 1,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        db.RecordChange(Core.Changes.ForumChange.CommentPosted(essayId, comment.Id, authorId, null), DateTime.UtcNow);
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilSomeoneWaitsForALockAsync(ForumDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        while (true)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
