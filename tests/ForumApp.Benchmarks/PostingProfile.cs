using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ForumApp.Core.Comments;
using ForumApp.Core.Markdown;
using ForumApp.Core.Text;
using ForumApp.Data;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ForumApp.Benchmarks;

/// <summary>
/// Where the time of one post goes, measured in process with Stopwatch and an EF interceptor (no timing asserts anywhere):
/// <c>posting --db FILE --tokens FILE --essay ID [--posts N] [--writers W] [--warmup N]</c> against a database made by scripts/bench.sh
/// (copy it first: this posts into it). For each post: the API token lookup, the whole <see cref="CommentService.PostAsync(CommentActor, int, int?, string?, CommentPostOptions, CancellationToken)"/>,
/// the number and time of its database commands, the time from BEGIN to the end of COMMIT (what holds the SQLite write
/// gate), the COMMIT itself (the WAL's fsync) and the listeners after it; and the pure steps on the same texts
/// (Markdown + sanitizer, the near-duplicate check). With W writers: posts a second and the same figures under contention.
/// </summary>
public static class PostingProfile
{
    private static readonly AsyncLocal<PostTiming?> Current = new();

    /// <summary>Runs the measurement; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var connection = options.TryGetValue("postgres", out var pg) ? pg : $"Data Source={options["db"]}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Forum"] = connection,
            ["Database:Provider"] = options.ContainsKey("postgres") ? "Postgres" : "Sqlite",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IInterceptor, TimingInterceptor>();
        services.AddForumData(configuration, Directory.GetCurrentDirectory());
        await using var provider = services.BuildServiceProvider();
        var tokens = File.ReadAllLines(options["tokens"]).Where(l => l.Length > 0).ToList();
        var essay = int.Parse(options["essay"], CultureInfo.InvariantCulture);
        var posts = int.Parse(options.GetValueOrDefault("posts", "300"), CultureInfo.InvariantCulture);
        var writers = int.Parse(options.GetValueOrDefault("writers", "1"), CultureInfo.InvariantCulture);
        var tokenService = provider.GetRequiredService<ApiTokenService>();
        var comments = provider.GetRequiredService<CommentService>();
        var markdown = provider.GetRequiredService<MarkdownRenderer>();
        var finder = provider.GetRequiredService<INearDuplicateFinder>();
        var random = new Random(7);

        async Task<PostTiming> PostOne(string token, string body)
        {
            var timing = new PostTiming();
            Current.Value = timing;
            var total = Stopwatch.StartNew();
            var user = await tokenService.AuthenticateAsync(token) ?? throw new InvalidOperationException("unknown token");
            timing.AuthTicks = total.ElapsedTicks;
            timing.AuthCommands = timing.Commands;
            var outcome = await comments.PostAsync(new CommentActor(user.UserId), essay, null, body, new CommentPostOptions());
            timing.TotalTicks = total.ElapsedTicks;
            timing.ListenerTicks = Stopwatch.GetTimestamp() - timing.CommitStart;
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"refused: {outcome.Kind} {outcome.Message}");
            }

            Current.Value = null;
            return timing;
        }

        // Warm-up, not measured: a server posts for days, and the first thousands of posts of a fresh process run code that
        // tiered compilation has not optimized yet (the JIT's own thread takes a fifth of the CPU in a cold 3,000-post run).
        var warmup = int.Parse(options.GetValueOrDefault("warmup", "2000"), CultureInfo.InvariantCulture);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var rnd = new Random(900 + w);
            for (var i = 0; i < Math.Max(30, warmup) / writers; i++)
            {
                await PostOne(tokens[w % tokens.Count], Body(rnd));
            }
        })));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the last methods' tier-1 compilation
        await provider.GetRequiredService<ForumApp.Data.Changes.ForumChangeFeed>().SettledAsync();

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var results = new List<PostTiming>();
        var gate = new Lock();
        var perWriter = posts / writers;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var rnd = new Random(100 + w);
            for (var i = 0; i < perWriter; i++)
            {
                var t = await PostOne(tokens[w % tokens.Count], Body(rnd));
                lock (gate)
                {
                    results.Add(t);
                }
            }
        })));
        wall.Stop();
        await provider.GetRequiredService<ForumApp.Data.Changes.ForumChangeFeed>().SettledAsync(); // their index and notifications count too
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        // The pure steps, on texts of the same shape, one at a time.
        var texts = Enumerable.Range(0, 200).Select(_ => TextNormalizer.ToStoredForm(Body(random))).ToList();
        var md = Stopwatch.StartNew();
        foreach (var text in texts)
        {
            markdown.TryToSafeHtml(text, out _);
        }

        var mdMicros = md.Elapsed.TotalMicroseconds / texts.Count;
        var nd = Stopwatch.StartNew();
        foreach (var text in texts)
        {
            await finder.FindAsync(essay, text);
        }

        var ndMicros = nd.Elapsed.TotalMicroseconds / texts.Count;

        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} load {File.ReadAllText("/proc/loadavg").Split(' ')[0..3].Aggregate((a, b) => a + " " + b)}; "
            + $"{results.Count} posts, {writers} writer(s)");
        Console.WriteLine($"throughput {results.Count / wall.Elapsed.TotalSeconds:F0} posts/s; process CPU {cpu.TotalMicroseconds / results.Count:F0} µs per post");
        Line("whole post (auth + service)", results.Select(r => r.TotalTicks));
        Line("  API token lookup", results.Select(r => r.AuthTicks));
        Line("  BEGIN..COMMIT done (write gate held)", results.Select(r => r.GateTicks));
        Line("  COMMIT (WAL write + fsync)", results.Select(r => r.CommitTicks));
        Line("  listeners after commit", results.Select(r => r.ListenerTicks));
        Line("  all DB commands", results.Select(r => r.CommandTicks));
        Console.WriteLine($"  DB commands per post: {results.Average(r => r.Commands):F1} (token lookup {results.Average(r => r.AuthCommands):F1}); inside the gate {results.Average(r => r.GateCommands):F1}");
        Console.WriteLine($"  Markdown + sanitizer {mdMicros:F0} µs, near-duplicate check {ndMicros:F0} µs (each alone, mean)");
        foreach (var (sql, ticks) in results.SelectMany(r => r.BySql).GroupBy(p => p.Key).Select(g => (g.Key, g.Sum(p => p.Value))).OrderByDescending(p => p.Item2).Take(14))
        {
            Console.WriteLine($"    {Micros(ticks / results.Count),7:F0} µs/post  {sql}");
        }

        return 0;
    }

    private static void Line(string name, IEnumerable<long> ticks)
    {
        var sorted = ticks.Order().ToList();
        Console.WriteLine($"{name,-40} p50 {Micros(sorted[sorted.Count / 2]),7:F0} µs  p90 {Micros(sorted[sorted.Count * 9 / 10]),7:F0} µs  p99 {Micros(sorted[sorted.Count * 99 / 100]),7:F0} µs  mean {Micros((long)sorted.Average()),7:F0} µs");
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static readonly string[] Words = ("인공지능 민주화 플랫폼 접근성 비용 공개 모델 연구 격차 기업 개발자 정부 규제 교육 학생 교사 시민 데이터 권리 책임 "
        + "투명성 공정 경쟁 독점 시장 가격 무료 유료 서비스 클라우드 컴퓨팅 자원 반도체 전력 환경 윤리 편향 차별 안전 보안 개인정보 저작권 창작 예술 "
        + "음악 번역 의료 진단 법률 판결 노동 일자리 자동화 생산성 혁신 스타트업 투자 세금 공공 인프라 도서관 대학 지역 농촌 도시 노인 청년").Split(' ');

    private static string Body(Random random) =>
        string.Join(' ', Enumerable.Range(0, 14).Select(_ => Words[random.Next(Words.Length)])) + "라고 생각합니다.";

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private sealed class PostTiming
    {
        public long TotalTicks;
        public long AuthTicks;
        public int AuthCommands;
        public int Commands;
        public long CommandTicks;
        public long BeginAt;
        public long GateTicks;
        public int GateCommands;
        public long CommitStart;
        public long CommitTicks;
        public long ListenerTicks;
        public readonly Dictionary<string, long> BySql = new(StringComparer.Ordinal);
    }

    private sealed class TimingInterceptor : IDbCommandInterceptor, IDbTransactionInterceptor
    {
        private static void Done(DbCommand command, CommandExecutedEventData data)
        {
            if (Current.Value is not { } t)
            {
                return;
            }

            var ticks = (long)(data.Duration.TotalSeconds * Stopwatch.Frequency);
            t.Commands++;
            t.CommandTicks += ticks;
            if (t.BeginAt != 0)
            {
                t.GateCommands++;
            }

            var key = Shorten(command.CommandText);
            t.BySql[key] = t.BySql.GetValueOrDefault(key) + ticks;
        }

        private static string Shorten(string sql)
        {
            var flat = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
            return flat.Length > 110 ? flat[..110] : flat;
        }

        public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Done(command, eventData);
            return result;
        }

        public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Done(command, eventData);
            return ValueTask.FromResult(result);
        }

        public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Done(command, eventData);
            return ValueTask.FromResult(result);
        }

        public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Done(command, eventData);
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (Current.Value is { } t)
            {
                t.BeginAt = Stopwatch.GetTimestamp();
            }

            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Current.Value is { } t)
            {
                t.CommitStart = Stopwatch.GetTimestamp();
            }

            return ValueTask.FromResult(result);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Current.Value is { BeginAt: not 0 } t)
            {
                var now = Stopwatch.GetTimestamp();
                t.CommitTicks = now - t.CommitStart;
                t.GateTicks = now - t.BeginAt;
                t.BeginAt = 0;
                t.CommitStart = now; // listeners run after this interceptor (registered before the change feed's)
            }

            return Task.CompletedTask;
        }
    }
}
