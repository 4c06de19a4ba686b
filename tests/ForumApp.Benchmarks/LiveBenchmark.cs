using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ForumApp.Benchmarks;

/// <summary>
/// The live channel measured from outside (scripts/bench-live.sh runs it):
/// <c>live --read URL --post URL --essay ID --token TOKEN [--streams N] [--posts M] [--pid PID]</c>.
/// Opens N event streams on the reading node and reports the server's resident memory per stream (the PID's VmRSS
/// before and after); then posts M comments one after another on the posting node and reports how long each took to
/// arrive as an event on a stream of the reading node (post sent → event read), p50 and p95.
/// </summary>
public static class LiveBenchmark
{
    /// <summary>Runs the measurement; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var readUrl = new Uri(options["read"]);
        var postUrl = new Uri(options.GetValueOrDefault("post", options["read"]));
        var essay = int.Parse(options["essay"], CultureInfo.InvariantCulture);
        var streams = int.Parse(options.GetValueOrDefault("streams", "1000"), CultureInfo.InvariantCulture);
        var posts = int.Parse(options.GetValueOrDefault("posts", "100"), CultureInfo.InvariantCulture);
        int? pid = options.TryGetValue("pid", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : null;
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = int.MaxValue };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();

        // 0. Warm up: the stream endpoint, the posting path and the essay's caches, so that "before" is a warm server.
        using (var warm = new CancellationTokenSource())
        {
            var warmStreams = Enumerable.Range(0, 50).Select(_ => ReadAsync(http, readUrl, essay, _ => { }, () => { }, warm.Token)).ToList();
            for (var i = 0; i < 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(postUrl, $"/api/essays/{essay}/comments"))
                {
                    Content = JsonContent.Create(new { body = $"예열 {i}번째 댓글 {Guid.NewGuid():N}" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options["token"]);
                using var _ = await http.SendAsync(request);
            }

            await warm.CancelAsync();
            await Task.WhenAll(warmStreams);
        }

        // 1. Memory per open stream.
        await Task.Delay(5000);
        var before = pid is int p1 ? RssKb(p1) : 0;
        var opened = new List<Task>();
        var connected = 0;
        for (var i = 0; i < streams; i++)
        {
            opened.Add(ReadAsync(http, readUrl, essay, _ => { }, () => Interlocked.Increment(ref connected), stop.Token));
        }

        var wait = Stopwatch.StartNew();
        while (Volatile.Read(ref connected) < streams && wait.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(100);
        }

        await Task.Delay(3000); // let the server settle (allocation of the first streams, a GC)
        var after = pid is int p2 ? RssKb(p2) : 0;
        Console.WriteLine($"streams open: {connected} of {streams} in {wait.Elapsed.TotalSeconds:0.0} s");
        if (pid is not null)
        {
            Console.WriteLine($"server RSS: {before / 1024.0:0} MB before, {after / 1024.0:0} MB with the streams open: {(after - before) / (double)Math.Max(1, connected):0.0} KB per stream");
        }

        // 2. Post-to-event latency: one more stream, on the reading node; posts on the posting node.
        var arrivals = new ConcurrentDictionary<int, long>();
        var watcherReady = new TaskCompletionSource();
        var watcher = ReadAsync(http, readUrl, essay, id => arrivals.TryAdd(id, Stopwatch.GetTimestamp()), () => watcherReady.TrySetResult(), stop.Token);
        await watcherReady.Task;
        var latencies = new List<double>();
        var token = options["token"];
        for (var i = 0; i < posts; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(postUrl, $"/api/essays/{essay}/comments"))
            {
                Content = JsonContent.Create(new { body = $"지연 측정 {i}번째 댓글 {Guid.NewGuid():N}: 서로 다른 글입니다." }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"post {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return 1;
            }

            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var deadline = Stopwatch.StartNew();
            while (!arrivals.ContainsKey(id) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(1);
            }

            latencies.Add(arrivals.TryGetValue(id, out var at) ? Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds : double.PositiveInfinity);
            await Task.Delay(50);
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"post-to-event over {posts} posts: p50 {Percentile(latencies, 0.50):0.0} ms, p95 {Percentile(latencies, 0.95):0.0} ms, max {latencies[^1]:0.0} ms, lost {latencies.Count(double.IsPositiveInfinity)}"));
        await stop.CancelAsync();
        return 0;
    }

    private static async Task ReadAsync(HttpClient http, Uri baseUrl, int essay, Action<int> onComment, Action onOpen, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(baseUrl, $"/api/essays/{essay}/events"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            onOpen();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var data = JsonDocument.Parse(line[6..]);
                    if (data.RootElement.GetProperty("commentId").ValueKind == JsonValueKind.Number)
                    {
                        onComment(data.RootElement.GetProperty("commentId").GetInt32());
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine("stream: " + e.Message);
        }
    }

    private static long RssKb(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
