using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// Two nodes of one forum, as separate machines would run them: two app processes (each with its own folder, so
/// nothing per user is shared by accident) on one PostgreSQL database and a Redis of this fixture's own (so a test may
/// stop and start it), behind nginx. Node A starts first (it migrates and imports the seed), then node B.
/// </summary>
public sealed class ClusterSite : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"forum-e2e-cluster-{Guid.NewGuid():N}");
    private readonly string _database = $"forum_cluster_{Guid.NewGuid():N}";
    private IPlaywright? _playwright;
    private Process? _nginx;

    public ForumProcess NodeA { get; private set; } = null!;

    public ForumProcess NodeB { get; private set; } = null!;

    public RedisProcess Redis { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>nginx in front of both nodes.</summary>
    public Uri Proxy { get; private set; } = null!;

    /// <summary>Accounts and comments through the data layer over the shared database (as node A's services would).</summary>
    public TestData Data => new(NodeA.Services);

    public string EssayPath { get; private set; } = "";

    public int EssayId { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        (_playwright, var browser) = await Chromium.LaunchAsync();
        Browser = browser;
        var admin = Environment.GetEnvironmentVariable("FORUM_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("FORUM_TEST_POSTGRES is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL.");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(admin) { Database = _database, Pooling = true }.ConnectionString;
        Redis = await RedisProcess.StartAsync(_folder);
        NodeA = await ForumProcess.StartAsync(NodeSettings("A"), DatabaseProvider.Postgres, database);
        NodeB = await ForumProcess.StartAsync(NodeSettings("B"), DatabaseProvider.Postgres, database);
        await using (var db = await NodeA.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync())
        {
            var essay = await db.Essays.OrderBy(e => e.Id).Select(e => new { e.Id, e.Slug }).FirstAsync();
            EssayId = essay.Id;
            EssayPath = new TestEssay(essay.Id, essay.Slug).Path;
        }

        await StartNginxAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        await NodeB.DisposeAsync();
        await NodeA.DisposeAsync();
        await Redis.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("FORUM_TEST_POSTGRES")))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A page of a fresh context pointed at <paramref name="node"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri node)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = node.ToString(),
            Locale = "ko-KR",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    private Dictionary<string, string> NodeSettings(string name) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ConnectionStrings:Redis"] = $"127.0.0.1:{Redis.Port},connectTimeout=2000,connectRetry=1",
        ["Cluster:NodeName"] = name,
        ["Cluster:FollowIntervalWithoutRedis"] = "00:00:00.500",
        ["Posting:PerAccountInterval"] = "00:00:00",
        ["Posting:NewAccountInterval"] = "00:00:00",
        ["Posting:PerIpInterval"] = "00:00:00",
    };

    private async Task StartNginxAsync()
    {
        var port = FreePort();
        var template = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepoRoot, "scripts", "nginx", "forum.conf.template"));
        var conf = template
            .Replace("@PREFIX@", _folder, StringComparison.Ordinal)
            .Replace("@PORT@", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@NODES@", $"server {NodeA.BaseAddress.Authority}; server {NodeB.BaseAddress.Authority};", StringComparison.Ordinal);
        var path = Path.Combine(_folder, "nginx.conf");
        await File.WriteAllTextAsync(path, conf);
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        _nginx = Process.Start(new ProcessStartInfo(nginx, ["-c", path, "-p", _folder, "-g", "daemon off;"])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("nginx did not start (apt-get install -y nginx).");
        Proxy = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = Proxy, Timeout = TimeSpan.FromSeconds(3) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 50)
            {
            }

            if (_nginx.HasExited)
            {
                throw new InvalidOperationException("nginx exited: " + await _nginx.StandardError.ReadToEndAsync());
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until both nodes' <c>/healthz</c> report Redis healthy (after an outage); fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilRedisHealthyAsync(TimeSpan timeout)
    {
        foreach (var node in new[] { NodeA.BaseAddress, NodeB.BaseAddress })
        {
            using var health = new HttpClient { BaseAddress = node };
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                using var response = await health.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK
                    && (await response.Content.ReadAsStringAsync()).Contains("\"redis\":{\"status\":\"Healthy\"", StringComparison.Ordinal))
                {
                    break;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException($"{node} did not report Redis healthy again within {timeout.TotalSeconds} s");
                }

                await Task.Delay(200);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A redis-server of the test's own on a free loopback port, which a test may stop and start again.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _process;

    private RedisProcess(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<RedisProcess> StartAsync(string folder)
    {
        var redis = new RedisProcess(folder, ClusterSite.FreePort());
        await redis.StartAsync();
        return redis;
    }

    public async Task StartAsync()
    {
        var server = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        _process = Process.Start(new ProcessStartInfo(server, ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install -y redis-server).");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops it at once (as a crash or a network cut would look to the nodes).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }
}
