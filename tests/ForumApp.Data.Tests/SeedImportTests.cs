using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Import;
using ForumApp.Core.Text;
using ForumApp.Data.Import;
using ForumApp.Data.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests;

public abstract class SeedImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private ThreadImportService Importer => _db.Services.GetRequiredService<ThreadImportService>();

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static string[] SeedLines => File.ReadAllLines(TestEnvironment.SeedThread);

    [Fact]
    public async Task Seed_becomes_one_essay_dated_2022_12_06_by_the_author_named_in_a_comment()
    {
        var result = await Importer.ImportFileAsync(TestEnvironment.SeedThread);

        var detail = await _db.Services.GetRequiredService<EssayQueries>().GetAsync(result.EssayId);
        Assert.NotNull(detail);
        Assert.Equal(new DateTime(2022, 12, 6, 0, 0, 0, DateTimeKind.Utc), detail.Essay.PublishedAt);
        Assert.Equal("최은창", detail.AuthorName);
        Assert.StartsWith("AI 민주화에 '민주적 가치' 불어넣기", detail.Essay.Title, StringComparison.Ordinal);
        Assert.Equal(SeedLines[1], detail.Essay.Lede);
    }

    [Fact]
    public async Task Each_distinct_essay_paragraph_appears_once_in_the_body()
    {
        var result = await Importer.ImportFileAsync(TestEnvironment.SeedThread);

        var detail = (await _db.Services.GetRequiredService<EssayQueries>().GetAsync(result.EssayId))!;
        foreach (var paragraph in SeedLines[2..5])
        {
            Assert.Equal(1, Occurrences(detail.Essay.BodyMarkdown, paragraph));
        }
    }

    [Fact]
    public async Task Each_distinct_comment_is_visible_exactly_once()
    {
        var result = await Importer.ImportFileAsync(TestEnvironment.SeedThread);

        var detail = (await _db.Services.GetRequiredService<EssayQueries>().GetAsync(result.EssayId))!;
        var visible = detail.Comments.Where(c => c.Status == CommentStatus.Visible).ToList();
        var distinctComments = SeedLines[8..].Distinct().ToList();
        Assert.Equal(10, distinctComments.Count);
        Assert.Equal(10, visible.Count);
        Assert.Equal(10, detail.Essay.CommentCount);
        foreach (var text in distinctComments)
        {
            Assert.Single(visible, c => c.BodyMarkdown == text);
        }
    }

    [Fact]
    public async Task Repeated_copies_are_kept_as_merged_records_with_their_line_numbers()
    {
        var result = await Importer.ImportFileAsync(TestEnvironment.SeedThread);

        await using var db = await _db.Factory.CreateDbContextAsync();
        var comments = await db.Comments.Where(c => c.EssayId == result.EssayId).ToListAsync();
        var merged = comments.Where(c => c.Status == CommentStatus.Merged).ToList();
        Assert.Equal(10, merged.Count);
        foreach (var copy in merged)
        {
            var kept = Assert.Single(comments, c => c.Id == copy.MergedIntoId);
            Assert.Equal(CommentStatus.Visible, kept.Status);
            Assert.Equal(copy.BodyMarkdown, kept.BodyMarkdown);
            Assert.Equal(SeedLines[copy.SourceLine!.Value - 1], copy.BodyMarkdown);
            Assert.True(copy.SourceLine > kept.SourceLine);
        }

        // The essay's repeated paragraphs (lines 6-8 repeat lines 3-5) are recorded too.
        var lines = await db.SourceLines.Where(l => l.EssayId == result.EssayId).OrderBy(l => l.LineNumber).ToListAsync();
        Assert.Equal(SeedLines.Length, lines.Count);
        Assert.Equal([3, 4, 5], lines.Where(l => l.LineNumber is >= 6 and <= 8).Select(l => l.DuplicateOfLine!.Value));
        Assert.All(lines.Where(l => l.LineNumber is >= 6 and <= 8), l => Assert.Equal(SourceLineRole.EssayParagraph, l.Role));
        Assert.Equal(13, result.CollapsedCount);
    }

    [Fact]
    public async Task Import_merges_are_recorded_as_merges_in_the_audit_log()
    {
        var result = await Importer.ImportFileAsync(TestEnvironment.SeedThread);

        await using var db = await _db.Factory.CreateDbContextAsync();
        var merges = await db.Merges.Include(m => m.Members).Where(m => m.EssayId == result.EssayId).ToListAsync();
        Assert.Equal(10, merges.Count);
        Assert.All(merges, m => Assert.Equal(ThreadImportService.ImportActor, m.MergedBy));
        Assert.Equal(10, await db.AuditLog.CountAsync(a => a.Action == "merge" && a.EssayId == result.EssayId));
    }

    [Fact]
    public async Task Importing_the_same_file_twice_creates_nothing_new()
    {
        await Importer.ImportFileAsync(TestEnvironment.SeedThread);
        var counts = await CountsAsync();

        var again = await Importer.ImportFileAsync(TestEnvironment.SeedThread);

        Assert.True(again.AlreadyImported);
        Assert.Equal(counts, await CountsAsync());
    }

    [Theory]
    [InlineData("empty.txt", new byte[0], 1, "empty")]
    [InlineData("binary.txt", new byte[] { 0x32, 0x30, 0x32, 0x32, 0x0A, 0x00, 0x01, 0x02 }, 2, "binary")]
    [InlineData("latin1.txt", new byte[] { 0x32, 0x30, 0x32, 0x32, 0x2F, 0x31, 0x32, 0x2F, 0x30, 0x36, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x0A }, 2, "UTF-8")]
    public async Task A_malformed_file_is_refused_naming_file_and_line_and_nothing_is_written(string name, byte[] bytes, int line, string problem)
    {
        var path = WriteTemp(name, bytes);

        var error = await Assert.ThrowsAsync<ThreadFileException>(() => Importer.ImportFileAsync(path));

        Assert.Equal(name, error.FileName);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith($"{name}:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_file_without_a_date_line_is_refused_and_nothing_is_written()
    {
        var path = WriteTemp("nodate.txt", "AI 민주화에 대한 글입니다.\n첫 문단입니다.\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<ThreadFileException>(() => Importer.ImportFileAsync(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("date", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_failure_midway_rolls_back_the_whole_import()
    {
        // The essay and its comments are saved before the source lines; failing there must leave nothing behind.
        await using var failing = await TestDatabase.CreateAsync(provider, s => s.AddSingleton<IInterceptor>(new FailWhenSavingSourceLines()));
        var importer = failing.Services.GetRequiredService<ThreadImportService>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => importer.ImportFileAsync(TestEnvironment.SeedThread));

        await using var db = await failing.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Essays.CountAsync());
        Assert.Equal(0, await db.Comments.CountAsync());
        Assert.Equal(0, await db.Merges.CountAsync());
        Assert.Equal(0, await db.AuditLog.CountAsync());
    }

    [Fact]
    public async Task Copies_in_NFD_and_with_invisible_characters_are_collapsed_as_the_same_comment()
    {
        var comment = "두 생태계에서의 AI의 모습 궁금하네요.";
        var nfd = comment.Normalize(System.Text.NormalizationForm.FormD);
        var noisy = "두 생태계에서의\u200B AI의  모습 궁금하네요.";
        var text = $"2022/12/06\n제목 문장입니다.\n본문입니다...\n본문입니다...\n{comment}\n다른 댓글입니다.\n{nfd}\n{noisy}\n";
        var path = WriteTemp("variants.txt", System.Text.Encoding.UTF8.GetBytes(text));

        var result = await Importer.ImportFileAsync(path);

        var detail = (await _db.Services.GetRequiredService<EssayQueries>().GetAsync(result.EssayId))!;
        Assert.Equal(2, detail.Comments.Count(c => c.Status == CommentStatus.Visible));
        Assert.Equal(2, detail.Comments.Count(c => c.Status == CommentStatus.Merged));
        Assert.Equal("본문입니다...", detail.Essay.BodyMarkdown);
        Assert.Equal(ContentHash.Of(comment), ContentHash.Of(nfd));
    }

    [Fact]
    public async Task The_seed_becomes_revision_1_with_its_paragraphs_numbered_in_reading_order()
    {
        var result = await _db.Services.GetRequiredService<ThreadImportService>().ImportFileAsync(TestEnvironment.SeedThread);

        var detail = await _db.Services.GetRequiredService<EssayQueries>().GetAsync(result.EssayId);

        Assert.Equal((EssayStatus.Published, 1), (detail!.Essay.Status, detail.Essay.Revision));
        Assert.Equal(Enumerable.Range(1, detail.Paragraphs.Count), detail.Paragraphs.Select(p => p.ParagraphId));
        Assert.Equal(detail.Essay.BodyMarkdown, string.Join("\n\n", detail.Paragraphs.Select(p => p.Markdown)));
        Assert.All(detail.Comments, c => Assert.Equal((1, null, null), (c.EssayRevision, c.ParagraphId, c.Stance)));
    }

    [Fact]
    public async Task The_comment_tree_loads_with_a_bounded_number_of_queries()
    {
        var counter = new QueryCounter();
        await using var counted = await TestDatabase.CreateAsync(provider, s => s.AddSingleton<IInterceptor>(counter));
        var result = await counted.Services.GetRequiredService<ThreadImportService>().ImportFileAsync(TestEnvironment.SeedThread);
        await counted.Get<ForumApp.Data.Changes.ForumChangeFeed>().SettledAsync(); // the import's search documents are written meanwhile
        counter.Reset();

        var detail = await counted.Services.GetRequiredService<EssayQueries>().GetAsync(result.EssayId);

        Assert.Equal(20, detail!.Comments.Count);
        // The essay, every comment, the current revision's paragraphs, the tags, the comments' 공감 rows and the essay's
        // 공감 count: six, whatever the discussion's size (one more, the profile name, when the essay's author has an account).
        Assert.Equal(6, counter.Count);
    }

    private static int Occurrences(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string WriteTemp(string name, byte[] bytes)
    {
        var dir = Directory.CreateTempSubdirectory("forum-import-");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<(int Essays, int Comments, int Lines, int Authors)> CountsAsync()
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        return (await db.Essays.CountAsync(), await db.Comments.CountAsync(), await db.SourceLines.CountAsync(), await db.Authors.CountAsync());
    }
}

public sealed class SqliteSeedImportTests() : SeedImportTests(DatabaseProvider.Sqlite);

public sealed class PostgresSeedImportTests() : SeedImportTests(DatabaseProvider.Postgres);

internal sealed class QueryCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => _count;

    public void Reset() => _count = 0;

    public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
        System.Data.Common.DbCommand command,
        CommandEventData eventData,
        InterceptionResult<System.Data.Common.DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}

internal sealed class FailWhenSavingSourceLines : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context!.ChangeTracker.Entries<SourceLine>().Any(e => e.State == EntityState.Added))
        {
            throw new InvalidOperationException("simulated failure while saving source lines");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
