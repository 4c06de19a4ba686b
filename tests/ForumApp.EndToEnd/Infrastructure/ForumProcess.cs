using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ForumApp.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The built app (src/ForumApp.Web's own build output, as `dotnet run` starts it) as a child process on a fixed
/// loopback port and a SQLite file of its own, so a test can stop it and start it again on the same address and
/// database, as a deploy or a crash does: circuits die with the process, the database and the sign-in cookies stay
/// (the Data Protection keys are kept in the database).
/// <see cref="Services"/> is the data layer over the same database, in this process: what it writes the app reads
/// from the database, but the app's caches hear no change from it (make essays before the app starts, or accounts).
/// </summary>
public sealed class ForumProcess : IForumServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"forum-e2e-process-{Guid.NewGuid():N}");
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ServiceProvider _services;
    private Process? _process;

    private readonly DatabaseProvider _provider;
    private readonly string? _sharedDatabase;

    private ForumProcess(IReadOnlyDictionary<string, string> settings, DatabaseProvider provider, string? database)
    {
        _settings = settings;
        _provider = provider;
        _sharedDatabase = database;
        Directory.CreateDirectory(_folder);
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Forum"] = ConnectionString,
            ["Database:Provider"] = ProviderName,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddForumData(configuration, _folder);
        _services = services.BuildServiceProvider();
    }

    /// <inheritdoc />
    public Uri BaseAddress { get; }

    /// <inheritdoc />
    public IServiceProvider Services => _services;

    /// <summary>True while the app process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private string ConnectionString => _sharedDatabase ?? $"Data Source={Path.Combine(_folder, "forum.db")}";

    private string ProviderName => _provider == DatabaseProvider.Postgres ? "Postgres" : "Sqlite";

    /// <summary>
    /// Starts the app (migrating the database and importing the seed on the first start) and waits until it answers.
    /// By default on a SQLite file of its own; with <paramref name="database"/>, on that database (several nodes of one
    /// forum: each process still keeps its own folder for what is kept per user, such as Data Protection's default keys).
    /// </summary>
    public static async Task<ForumProcess> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite, string? database = null)
    {
        var server = new ForumProcess(settings ?? new Dictionary<string, string>(), provider, database);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the app again on the same address and database, and waits until it answers.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The app is running already.");
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = WebProjectFolder(),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(WebAssembly());
        foreach (var (key, value) in new Dictionary<string, string>(_settings)
        {
            ["urls"] = BaseAddress.ToString().TrimEnd('/'),
            ["ConnectionStrings:Forum"] = ConnectionString,
            ["Database:Provider"] = ProviderName,
            ["Seed:Folder"] = TestEnvironment.SeedFolder,
        })
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // A folder of its own for anything kept per user: nothing leaks in from, or out to, other servers of the machine.
        start.Environment["LOCALAPPDATA"] = _folder;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    /// <summary>
    /// Stops the app as a service manager does (SIGTERM: the host shuts down gracefully), or at once (SIGKILL, a crash),
    /// and waits for the process to end.
    /// </summary>
    public async Task StopAsync(bool graceful = true)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        if (graceful)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        else
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>The app's last lines of output (for a failing test's message).</summary>
    public string LogTail(int lines = 40) => string.Join('\n', _log.TakeLast(lines));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(graceful: false);
        _process?.Dispose();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS when a file is still open.
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} while starting:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The app did not answer /healthz within {StartTimeout.TotalSeconds} s:\n{LogTail()}");
            }

            await Task.Delay(200);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 500 && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string WebProjectFolder() => Path.Combine(TestEnvironment.RepoRoot, "src", "ForumApp.Web");

    /// <summary>src/ForumApp.Web/bin/{Configuration}/{TargetFramework}/ForumApp.Web.dll, built with this test project.</summary>
    private static string WebAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(WebProjectFolder(), "bin", output.Parent!.Name, output.Name, "ForumApp.Web.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} not found: build src/ForumApp.Web (building this test project does).");
    }
}
