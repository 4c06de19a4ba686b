using ForumApp.Core.Accounts;
using ForumApp.Data.Search;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Tests.Search;

/// <summary>
/// A server that was killed instead of stopped leaves its mark beside the SQLite file; the next start checks the
/// full-text index and rebuilds a damaged one from the stored documents, so search works again without an operator.
/// </summary>
public sealed class SearchRepairTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var writer = await _db.Data.UserAsync("writer", ForumRoles.Author, "글쓴이");
        var essay = await _db.Data.WrittenEssayAsync(writer.Id, "복구 시험", ["첫째 문단입니다."]);
        await _db.Data.CommentAsync(writer.Id, essay.Id, "복구낱말 들어간 댓글입니다.");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private DatabaseInitializer Initializer => _db.Get<DatabaseInitializer>();

    private async Task<int> FoundAsync() => (await _db.Get<SearchService>().SearchAsync("복구낱말")).Results!.TotalCount;

    private async Task DamageIndexAsync()
    {
        await using var db = await _db.ContextAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"SearchIndex_data\" WHERE id > 10;");
    }

    [Fact]
    public async Task After_a_kill_a_damaged_index_is_rebuilt_at_the_next_start_and_search_finds_the_comment_again()
    {
        Assert.False(await Initializer.RepairAfterUncleanStopAsync()); // first start: no mark yet, nothing checked
        await DamageIndexAsync();

        // The process dies without MarkStopped: the next start finds the mark.
        Assert.True(await Initializer.RepairAfterUncleanStopAsync());

        Assert.Equal(1, await FoundAsync());
    }

    [Fact]
    public async Task After_a_clean_stop_the_next_start_checks_nothing_and_an_intact_index_is_left_alone()
    {
        Assert.False(await Initializer.RepairAfterUncleanStopAsync());
        Initializer.MarkStopped();
        Assert.False(await Initializer.RepairAfterUncleanStopAsync()); // clean stop before: no check

        Assert.False(await Initializer.RepairAfterUncleanStopAsync()); // unclean, but the index is intact
        Assert.Equal(1, await FoundAsync());
    }
}
