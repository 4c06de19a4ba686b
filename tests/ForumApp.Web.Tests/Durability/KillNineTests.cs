using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ForumApp.Core.Comments;
using ForumApp.Data;
using ForumApp.Web.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace ForumApp.Web.Tests.Durability;

/// <summary>
/// Issue 14: the forum as a real process, killed with SIGKILL at random moments while two writers post and a moderator
/// merges and unmerges, three times, then started again on the same database. Every acknowledged post is there with
/// its exact text, every acknowledged merge and unmerge took effect, no merge is half applied, the denormalized counts
/// agree with the rows, and the database passes its integrity check (SQLite <c>PRAGMA integrity_check</c>, PostgreSQL
/// <c>amcheck</c> on every B-tree index).
/// </summary>
public abstract class KillNineTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 3;
    private const string Password = "password-1234";
    private readonly string _folder = Directory.CreateTempSubdirectory("forum-kill-").FullName;
    private string _connectionString = "";
    private string? _postgresDatabase;

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            _connectionString = $"Data Source={Path.Combine(_folder, "forum.db")}";
            return;
        }

        var admin = Environment.GetEnvironmentVariable("FORUM_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("FORUM_TEST_POSTGRES is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL.");
        _postgresDatabase = $"forum_kill_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_postgresDatabase}\"", connection);
        await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _postgresDatabase }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("FORUM_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string[] ConfigArgs =>
    [
        $"--ConnectionStrings:Forum={_connectionString}",
        $"--Database:Provider={provider}",
        $"--Seed:Folder={Path.Combine(_folder, "no-seeds")}",
        "--Posting:PerAccountInterval=00:00:00",
        "--Posting:NewAccountInterval=00:00:00",
        "--Posting:PerIpInterval=00:00:00",
        "--RateLimits:Read:TokensPerSecond=0",
    ];

    [Fact]
    public async Task Acknowledged_posts_and_merges_survive_SIGKILL_and_nothing_is_half_written()
    {
        var clock = Stopwatch.StartNew();
        var writerTokens = new[] { await AddUserAsync("kill-writer-1", "commenter"), await AddUserAsync("kill-writer-2", "commenter") };
        var moderatorToken = await AddUserAsync("kill-moderator", "moderator");
        var thread = Path.Combine(_folder, "thread.txt");
        await File.WriteAllTextAsync(thread, "2022/12/06\n강제 종료를 견디는 포럼에 대한 글입니다.\n둘째 문단입니다.\n첫 댓글입니다.\n둘째 댓글입니다.\n");
        var imported = await CliAsync("import", thread);
        var essay = int.Parse(System.Text.RegularExpressions.Regex.Match(imported, @"essay (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var posts = new ConcurrentDictionary<int, string>();
        var merges = new ConcurrentDictionary<int, (int Canonical, int Member)>();
        var unmerges = new ConcurrentDictionary<int, bool>();
        var random = new Random(14);

        for (var kill = 0; kill < Kills; kill++)
        {
            using var server = await ForumProcess.StartAsync(ConfigArgs, _folder);
            await VerifyAsync(posts, merges, unmerges);
            using var stop = new CancellationTokenSource();
            var target = posts.Count + random.Next(40, 100);
            var work = new List<Task>
            {
                WriteAsync(server.Client(writerTokens[0]), essay, posts, stop.Token),
                WriteAsync(server.Client(writerTokens[1]), essay, posts, stop.Token),
                MergeAsync(server.Client(writerTokens[0]), server.Client(writerTokens[1]), server.Client(moderatorToken), essay, posts, merges, unmerges, stop.Token),
            };
            while (posts.Count < target && work.All(t => !t.IsCompleted))
            {
                await Task.Delay(random.Next(5, 40));
            }

            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(work);
            output.WriteLine($"kill {kill + 1}: {posts.Count} posts, {merges.Count} merges, {unmerges.Count(u => u.Value)} unmerges acknowledged so far");
        }

        using (await ForumProcess.StartAsync(ConfigArgs, _folder))
        {
            await VerifyAsync(posts, merges, unmerges);
        }

        Assert.True(posts.Count >= Kills * 40 && merges.Count >= Kills, $"{posts.Count} posts, {merges.Count} merges");
        output.WriteLine($"{provider}: {Kills} kills, {posts.Count} posts, {merges.Count} merges, {unmerges.Count(u => u.Value)} unmerges, 0 lost, {clock.Elapsed.TotalSeconds:F0} s");
    }

    // Posts until the server dies or the test stops it; records what the server acknowledged (201).
    private static async Task WriteAsync(HttpClient client, int essay, ConcurrentDictionary<int, string> posts, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var body = $"kill -9 시험 {Guid.NewGuid():N} 번호 {i}";
            if (await PostAsync(client, essay, body, stop) is not int id)
            {
                return;
            }

            posts[id] = body;
        }
    }

    // Two authors post the same text, the moderator merges them; every third merge is undone again.
    private static async Task MergeAsync(
        HttpClient first, HttpClient second, HttpClient moderator, int essay,
        ConcurrentDictionary<int, string> posts, ConcurrentDictionary<int, (int, int)> merges, ConcurrentDictionary<int, bool> unmerges, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var body = $"두 사람이 같은 글을 올립니다. 병합 시험 {Guid.NewGuid():N}";
            if (await PostAsync(first, essay, body, stop) is not int canonical)
            {
                return;
            }

            posts[canonical] = body;
            if (await PostAsync(second, essay, body, stop) is not int member)
            {
                return;
            }

            posts[member] = body;
            var merged = await SendAsync(() => moderator.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = canonical, memberIds = new[] { member }, reason = "kill" }, stop));
            if (merged is null)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
            var mergeId = (await merged.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetInt32();
            merges[mergeId] = (canonical, member);
            if (i % 3 == 2)
            {
                unmerges[mergeId] = false; // sent: if the server dies before answering, it may or may not have taken effect
                var undone = await SendAsync(() => moderator.DeleteAsync(new Uri($"/api/moderation/merges/{mergeId}", UriKind.Relative), stop));
                if (undone is null)
                {
                    return;
                }

                Assert.Equal(HttpStatusCode.NoContent, undone.StatusCode);
                unmerges[mergeId] = true;
            }
        }
    }

    private static async Task<int?> PostAsync(HttpClient client, int essay, string body, CancellationToken stop)
    {
        var response = await SendAsync(() => client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body }, stop));
        if (response is null)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetInt32();
    }

    // Null when the server went away (killed) or the test stopped: that request was not acknowledged.
    private static async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    private async Task VerifyAsync(
        ConcurrentDictionary<int, string> posts, ConcurrentDictionary<int, (int Canonical, int Member)> merges, ConcurrentDictionary<int, bool> unmerges)
    {
        await using var services = DataServices();
        await using var db = await services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();

        var stored = await db.Comments.AsNoTracking().Where(c => posts.Keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.BodyMarkdown);
        var lost = posts.Where(p => !stored.TryGetValue(p.Key, out var text) || text != p.Value).Select(p => p.Key).ToList();
        Assert.True(lost.Count == 0, $"acknowledged posts lost or changed: {string.Join(", ", lost)}");

        var allMerges = await db.Merges.AsNoTracking().Include(m => m.Members).ToListAsync();
        var comments = await db.Comments.AsNoTracking().ToDictionaryAsync(c => c.Id);
        foreach (var merge in allMerges)
        {
            var duplicates = merge.Members.Where(m => m.Role == Core.Moderation.MergeMemberRole.Duplicate).ToList();
            Assert.NotEmpty(duplicates);
            var applied = duplicates.Count(m => comments[m.CommentId].Status == CommentStatus.Merged && comments[m.CommentId].MergedIntoId == merge.CanonicalId);
            Assert.True(merge.UndoneAt is null ? applied == duplicates.Count : applied == 0, $"merge {merge.Id} is half applied ({applied}/{duplicates.Count}, undone: {merge.UndoneAt is not null})");
        }

        var mergesById = allMerges.ToDictionary(m => m.Id);
        foreach (var (id, pair) in merges)
        {
            Assert.True(mergesById.TryGetValue(id, out var merge), $"acknowledged merge {id} lost");
            Assert.Equal(pair.Canonical, merge.CanonicalId);
            // An acknowledged unmerge took effect; one never sent did not; one sent without an answer (the server was
            // killed between its commit and its answer) may have either way, but whole.
            if (!unmerges.TryGetValue(id, out var acknowledged) || acknowledged)
            {
                Assert.Equal(unmerges.ContainsKey(id), merge.UndoneAt is not null);
            }

            Assert.Equal(merge.UndoneAt is not null ? CommentStatus.Visible : CommentStatus.Merged, comments[pair.Member].Status);
        }

        // A post is one transaction: a comment without its first revision would be a half-written post.
        Assert.Equal(0, await db.Comments.CountAsync(c => c.SourceFile == null && !db.CommentRevisions.Any(r => r.CommentId == c.Id)));
        foreach (var essay in await db.Essays.AsNoTracking().ToListAsync())
        {
            Assert.Equal(comments.Values.Count(c => c.EssayId == essay.Id && c.Status == CommentStatus.Visible), essay.CommentCount);
        }

        Assert.Equal("ok", await IntegrityCheckAsync(db));
    }

    private async Task<string> IntegrityCheckAsync(ForumDbContext db)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            // On a connection of its own, as `sqlite3 forum.db 'PRAGMA integrity_check'` would be: FTS5's part of the
            // check reads the index's structure record as this connection last cached it, without asking whether
            // another process has changed the file since (queries do ask). A pooled connection of the test process that
            // checked the index before the server wrote, was killed and started again reports "corruption found reading
            // blob N" for segments the server has since merged away, while the file itself is whole.
            await using var fresh = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
            await fresh.OpenAsync();
            await using var check = fresh.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            return (string)(await check.ExecuteScalarAsync())!;
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE EXTENSION IF NOT EXISTS amcheck; " +
            "SELECT count(*) FROM (SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            "JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace) checked";
        return (long)(await command.ExecuteScalarAsync())! > 0 ? "ok" : "no index checked";
    }

    private ServiceProvider DataServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Forum"] = _connectionString,
            ["Database:Provider"] = provider.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddForumData(configuration, _folder);
        return services.BuildServiceProvider();
    }

    private async Task<string> AddUserAsync(string name, string role) =>
        (await CliWithInputAsync(Password + "\n", "users", "add", name, "--role", role, "--token")).Trim().Split('\n')[^1].Trim();

    private Task<string> CliAsync(params string[] args) => CliWithInputAsync("", args);

    private async Task<string> CliWithInputAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ForumCli.RunAsync([.. args, .. ConfigArgs.Take(2)], stdout, stderr, new StringReader(stdin));
        Assert.True(code == 0, stderr.ToString());
        return stdout.ToString();
    }

    /// <summary>The forum's own executable (the build output), on a free loopback port.</summary>
    private sealed class ForumProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Uri _address;

        private ForumProcess(Process process, Uri address)
        {
            _process = process;
            _address = address;
        }

        public static async Task<ForumProcess> StartAsync(string[] configArgs, string workingDirectory)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ForumApp.Web.dll"));
            start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
            foreach (var arg in configArgs)
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new ForumProcess(process, new Uri($"http://127.0.0.1:{port}/"));
            using var probe = new HttpClient { BaseAddress = server._address, Timeout = TimeSpan.FromSeconds(5) };
            for (var i = 0; i < 1200; i++)
            {
                Assert.False(process.HasExited, $"the forum exited with {(process.HasExited ? process.ExitCode : 0)} while starting");
                try
                {
                    if ((await probe.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            server.Kill();
            throw new TimeoutException("the forum did not answer /healthz within two minutes");
        }

        public HttpClient Client(string token)
        {
            var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

public sealed class SqliteKillNineTests(ITestOutputHelper output) : KillNineTests(DatabaseProvider.Sqlite, output);

public sealed class PostgresKillNineTests(ITestOutputHelper output) : KillNineTests(DatabaseProvider.Postgres, output);
