using System.Diagnostics;
using System.Globalization;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data;
using ForumApp.Data.Search;
using ForumApp.Dedup.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Benchmarks;

/// <summary>
/// Search at scale (docs/performance.md, "Search"): generates N Korean comments (the dedup evaluation's template
/// generator over its lexicon, a few percent with Latin words) in essays of 1,000 comments each, written straight to
/// a fresh database; then times <c>search rebuild</c>'s indexer, measures the index's size, and runs a fixed list of
/// queries (two-syllable nouns, nouns with particles, two-word queries, Latin words, words that are not there) through
/// <see cref="SearchService"/> twice, reporting the second round's p50 and p99 (page 1: count, ranking, snippets).
/// </summary>
internal static class SearchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var comments = IntOption(args, "--comments", 1_000_000);
        var perEssay = IntOption(args, "--per-essay", 1_000);
        var postgres = Option(args, "--postgres");
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"forum-search-bench-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>();
        if (postgres is null)
        {
            settings["ConnectionStrings:Forum"] = $"Data Source={sqlitePath}";
        }
        else
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Forum"] = postgres;
        }

        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddForumData(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath());
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IDbContextFactory<ForumDbContext>>();
        try
        {
            await provider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            Console.WriteLine($"search benchmark: {comments:N0} comments, {perEssay:N0} per essay, {(postgres is null ? "SQLite " + sqlitePath : "PostgreSQL")}");

            var clock = Stopwatch.StartNew();
            await GenerateAsync(factory, comments, perEssay);
            Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:0.0} s");

            var before = await SizeAsync(factory, postgres is null);
            clock.Restart();
            var documents = await provider.GetRequiredService<SearchIndexer>().RebuildAsync(new Progress());
            var indexing = clock.Elapsed;
            var size = await SizeAsync(factory, postgres is null) - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"indexed {documents:N0} documents in {indexing.TotalSeconds:0.0} s ({documents / indexing.TotalSeconds:N0} documents/s); index size {size / 1024.0 / 1024.0:0.0} MB ({(double)size / documents:0} bytes a document)"));

            var search = provider.GetRequiredService<SearchService>();
            var queries = Queries();
            foreach (var (_, query) in queries)
            {
                await search.SearchAsync(query); // warm-up round: caches, the query plans, the file pages
            }

            var byKind = new Dictionary<string, List<double>>();
            var all = new List<double>();
            long hits = 0;
            foreach (var (kind, query) in queries)
            {
                var watch = Stopwatch.StartNew();
                var outcome = await search.SearchAsync(query);
                var ms = watch.Elapsed.TotalMilliseconds;
                hits += outcome.Results?.TotalCount ?? 0;
                all.Add(ms);
                (byKind.TryGetValue(kind, out var list) ? list : byKind[kind] = []).Add(ms);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"queries: {all.Count}, p50 {Percentile(all, 0.50):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms, max {all.Max():0.0} ms, mean results {hits / (double)all.Count:N0}"));
            foreach (var (kind, list) in byKind)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind}: {list.Count} queries, p50 {Percentile(list, 0.50):0.0} ms, p99 {Percentile(list, 0.99):0.0} ms"));
            }

            return 0;
        }
        finally
        {
            if (postgres is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(sqlitePath + suffix);
                }
            }
        }
    }

    private static async Task GenerateAsync(IDbContextFactory<ForumDbContext> factory, int count, int perEssay)
    {
        var random = new Random(12);
        var generator = new KoreanComments(KoreanLexicon.Default);
        var latin = new[] { " AI 이야기는 언제나 흥미롭네요.", " OpenAI 소식 보셨나요?", " GPU 가격이 문제죠.", " Linux 쓰시는 분?" };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int[] authorIds;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var authors = Enumerable.Range(1, 500).Select(i => new Author { DisplayName = $"토론자{i:000}" }).ToList();
            db.Authors.AddRange(authors);
            await db.SaveChangesAsync();
            authorIds = [.. authors.Select(a => a.Id)];
        }

        for (var written = 0; written < count;)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var n = written / perEssay;
            var body = string.Join("\n\n", Enumerable.Range(0, 4).Select(_ => KoreanComments.Text(generator.Render(generator.NewComment(random)))));
            var essay = new Essay
            {
                Slug = $"bench-{n}", Title = $"토론 {n}: " + string.Concat(KoreanComments.Text(generator.Render(generator.NewComment(random))).Take(12)),
                Lede = "", BodyMarkdown = body, BodyHtml = body, AuthorId = authorIds[n % authorIds.Length],
                PublishedAt = start.AddHours(n), CreatedAt = start.AddHours(n),
            };
            db.Essays.Add(essay);
            await db.SaveChangesAsync();
            await using var tx = await db.BeginWriteAsync();
            var take = Math.Min(perEssay, count - written);
            for (var i = 0; i < take; i++)
            {
                var text = KoreanComments.Text(generator.Render(generator.NewComment(random)));
                if (random.Next(100) < 3)
                {
                    text += latin[random.Next(latin.Length)];
                }

                db.Comments.Add(new Comment
                {
                    EssayId = essay.Id, AuthorId = authorIds[random.Next(authorIds.Length)], BodyMarkdown = text, BodyHtml = text,
                    CreatedAt = essay.PublishedAt.AddMinutes(i), Status = CommentStatus.Visible,
                });
            }

            await db.SaveChangesAsync();
            await tx.CommitAsync();
            written += take;
            if (n % 100 == 0)
            {
                Console.Error.WriteLine($"generated {written:N0}/{count:N0}");
            }
        }
    }

    private static List<(string Kind, string Query)> Queries()
    {
        var lexicon = KoreanLexicon.Default;
        var random = new Random(7);
        var twoSyllable = lexicon.Nouns.Where(n => n.Length == 2).OrderBy(_ => random.Next()).Take(100).ToList();
        var longer = lexicon.Nouns.Where(n => n.Length >= 2).OrderBy(_ => random.Next()).Take(100).ToList();
        var queries = new List<(string, string)>();
        queries.AddRange(twoSyllable.Select(n => ("two-syllable noun", n)));
        queries.AddRange(longer.Select((n, i) => ("noun with particle", n + Hangul.Particle(n, i % 2 == 0 ? "을" : "은", i % 2 == 0 ? "를" : "는"))));
        queries.AddRange(Enumerable.Range(0, 100).Select(i => ("two words", $"{longer[i]} {twoSyllable[(i * 7) % twoSyllable.Count]}")));
        queries.AddRange(new[] { "AI", "openai", "GPU", "linux", "Open" }.SelectMany(q => Enumerable.Repeat(("latin", q), 10)));
        queries.AddRange(Enumerable.Range(0, 50).Select(i => ("not there", $"뷁{(char)('가' + i)}쀍")));
        return queries;
    }

    private static async Task<long> SizeAsync(IDbContextFactory<ForumDbContext> factory, bool sqlite)
    {
        await using var db = await factory.CreateDbContextAsync();
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            var pages = await db.Database.SqlQueryRaw<long>("SELECT page_count AS \"Value\" FROM pragma_page_count()").SingleAsync();
            var free = await db.Database.SqlQueryRaw<long>("SELECT freelist_count AS \"Value\" FROM pragma_freelist_count()").SingleAsync();
            var pageSize = await db.Database.SqlQueryRaw<long>("SELECT page_size AS \"Value\" FROM pragma_page_size()").SingleAsync();
            return (pages - free) * pageSize;
        }

        return await db.Database.SqlQueryRaw<long>("SELECT pg_total_relation_size('\"SearchDocuments\"') AS \"Value\"").SingleAsync();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private sealed class Progress : IProgress<SearchRebuildProgress>
    {
        private int _last = -1;

        public void Report(SearchRebuildProgress value)
        {
            var percent = value.Total == 0 ? 100 : (int)(100L * value.Done / value.Total);
            if (percent / 10 != _last)
            {
                _last = percent / 10;
                Console.Error.WriteLine($"indexing {percent}% ({value.Done:N0}/{value.Total:N0})");
            }
        }
    }
}
