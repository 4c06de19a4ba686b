using System.Diagnostics;
using System.Globalization;
using ForumApp.Core.Dedup;
using ForumApp.Dedup.Evaluation;
using ForumApp.Core.Text;

namespace ForumApp.Benchmarks;

/// <summary>
/// Corpus-scale measurements: batch dedup of N generated comments (wall time, peak memory, quality), the online index
/// over N comments (memory, check latency p50/p99), snapshot save/load against a rebuild. With --sweep, compares
/// signature shapes (shingle size x bands x rows) on the same corpus; --templated uses the first generator's small
/// vocabulary; --profile prints counters and timers per step (--histogram adds sketch agreement histograms);
/// --features times each feature step per text on one thread.
/// </summary>
internal static class CorpusBenchmark
{
    public static int Run(string[] args)
    {
        var size = IntArg(args, "--size", 1_000_000);
        var queries = IntArg(args, "--queries", 20_000);
        var sweep = args.Contains("--sweep");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cores {Environment.ProcessorCount}, SIMD {System.Numerics.Vector<uint>.Count} x 32 bit, .NET {Environment.Version}"));
        var sw = Stopwatch.StartNew();
        var vocabulary = Vocabulary(args);
        var corpus = Generate(args, size, 20221206);
        var texts = corpus.Texts;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {size:N0} {vocabulary} comments in {sw.Elapsed.TotalSeconds:0.0} s (avg {texts.Average(t => t.Length):0} chars)"));

        if (sweep)
        {
            Sweep(corpus);
            return 0;
        }

        if (args.Contains("--profile"))
        {
            // Single-threaded counters: batch clustering (features are computed before, in parallel) and online checks.
            DedupProfile.Enabled = true;
            var probe = Stopwatch.StartNew();
            new DedupEngine().Analyze(texts);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {probe.Elapsed.TotalSeconds:0.00} s: {DedupProfile.Report()}"));
            if (args.Contains("--histogram"))
            {
                Console.Write(DedupProfile.Histograms());
            }

            DedupProfile.Reset();
            Online(texts, queries, vocabulary);
            return 0;
        }

        if (args.Contains("--features"))
        {
            // Single-threaded cost of each feature step per text.
            var buffer = new char[4096];
            var hasher = new MinHasher(3, 16, 4);
            var signature = new uint[hasher.PaddedLength];
            var step = Stopwatch.StartNew();
            var sink = 0;
            foreach (var t in texts)
            {
                sink += TruncationMarkers.TryGetPreviewBody(t, out var body) ? body : 0;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"markers {step.Elapsed.TotalMicroseconds / texts.Count:0.00} us/text"));
            step.Restart();
            foreach (var t in texts)
            {
                sink += TextNormalizer.TryFold(t, buffer);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fold {step.Elapsed.TotalMicroseconds / texts.Count:0.00} us/text"));
            step.Restart();
            foreach (var t in texts)
            {
                hasher.Compute(t, signature);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"minhash {step.Elapsed.TotalMicroseconds / texts.Count:0.00} us/text"));
            step.Restart();
            var features = new FeatureBuilder(hasher);
            foreach (var t in texts)
            {
                features.FromText(t);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all features {step.Elapsed.TotalMicroseconds / texts.Count:0.00} us/text ({sink})"));
            return 0;
        }

        if (args.Contains("--probe"))
        {
            foreach (var (label, options) in new (string, DedupOptions)[]
            {
                ("default", new DedupOptions()),
                ("no prefix index", new DedupOptions { MinContainedChars = 100_000 }),
                ("no LSH", new DedupOptions { MinNearChars = 100_000 }),
                ("max 16 candidates", new DedupOptions { MaxCandidates = 16 }),
            })
            {
                var probe = Stopwatch.StartNew();
                new DedupEngine(options).Analyze(texts);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {probe.Elapsed.TotalSeconds:0.00} s"));
            }

            return 0;
        }

        Batch(corpus);
        Online(texts, queries, vocabulary);
        return 0;
    }

    private static void Batch(LabelledCorpus corpus)
    {
        var engine = new DedupEngine();
        Collect();
        var before = GC.GetTotalMemory(true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var result = engine.Analyze(corpus.Texts);
        var elapsed = sw.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch: {corpus.Texts.Count:N0} comments in {elapsed.TotalSeconds:0.00} s (CPU {cpu.TotalSeconds:0.00} s; load average {LoadAverage()}), {result.Clusters.Count:N0} clusters; "
            + $"process peak working set {peak / 1e9:0.00} GB (corpus strings included), managed heap before {before / 1e9:0.00} GB"));
        Console.Write(DedupEvaluator.Evaluate(corpus, result));
        GC.KeepAlive(result);
    }

    private static void Online(IReadOnlyList<string> texts, int queries, CorpusVocabulary vocabulary)
    {
        Collect();
        var before = GC.GetTotalMemory(true);
        var sw = Stopwatch.StartNew();
        var index = new DuplicateIndex(capacity: texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            index.Add(i, texts[i]);
        }

        var build = sw.Elapsed;
        Collect();
        var after = GC.GetTotalMemory(true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"online index: built from {texts.Count:N0} raw texts in {build.TotalSeconds:0.00} s; managed memory {(after - before) / 1e6:0} MB "
            + $"({(after - before) / 1e9 * 1_000_000 / texts.Count:0.000} GB per million; structures alone {index.MemoryBytes / 1e6:0} MB)"));

        // Queries: fresh comments from another seed (new texts, and copies/edits/previews of their own lines),
        // mixed with copies of indexed texts.
        var fresh = CorpusGenerator.Generate(queries, seed: 777, vocabulary: vocabulary).Texts;
        var random = new Random(5);
        var probes = new string[queries];
        for (var i = 0; i < queries; i++)
        {
            probes[i] = i % 4 == 0 ? texts[random.Next(texts.Count)] : fresh[i];
        }

        for (var i = 0; i < Math.Min(2_000, queries); i++)
        {
            index.Check(probes[i]); // warm up (JIT tiers)
        }

        var profiling = DedupProfile.Enabled;
        if (profiling)
        {
            Console.WriteLine("online build and warm-up: " + DedupProfile.Report());
            DedupProfile.Reset(); // the timed checks alone
        }

        var latencies = new double[queries];
        var hits = 0;
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        for (var i = 0; i < queries; i++)
        {
            var start = Stopwatch.GetTimestamp();
            hits += index.Check(probes[i]).Count > 0 ? 1 : 0;
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var gcCounts = string.Create(CultureInfo.InvariantCulture,
            $"GCs during the checks: gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}");
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"online check against {texts.Count:N0}: p50 {latencies[queries / 2]:0.0} us, p90 {latencies[queries * 9 / 10]:0.0} us, "
            + $"p99 {latencies[queries * 99 / 100]:0.0} us, max {latencies[^1]:0} us ({queries:N0} checks, {hits:N0} with matches; {gcCounts}; load average {LoadAverage()})"));
        if (profiling)
        {
            Console.WriteLine("timed checks only: " + DedupProfile.Report());
            DedupProfile.Reset();
        }

        using var snapshot = new MemoryStream();
        sw.Restart();
        index.Save(snapshot);
        var save = sw.Elapsed;
        snapshot.Position = 0;
        sw.Restart();
        var loaded = DuplicateIndex.Load(snapshot);
        var load = sw.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot: {snapshot.Length / 1e6:0} MB, save {save.TotalSeconds:0.00} s, load {load.TotalSeconds:0.00} s "
            + $"(vs rebuild from raw texts {build.TotalSeconds:0.00} s); loaded count {loaded.Count:N0}"));
        GC.KeepAlive(index);
    }

    private static void Sweep(LabelledCorpus corpus)
    {
        (int N, int B, int R)[] shapes = [(2, 8, 2), (2, 12, 3), (2, 16, 4), (2, 20, 5), (3, 12, 3), (3, 16, 4), (4, 12, 3)];
        foreach (var (n, b, r) in shapes)
        {
            var options = new DedupOptions { ShingleSize = n, Bands = b, RowsPerBand = r };
            Collect();
            var sw = Stopwatch.StartNew();
            var result = new DedupEngine(options).Analyze(corpus.Texts);
            var elapsed = sw.Elapsed;
            var report = DedupEvaluator.Evaluate(corpus, result);
            var near = report.RecallByPlantedKind.FirstOrDefault(m => m.Name == nameof(PlantedKind.SmallEdit));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"n={n} bands={b} rows={r} (K={b * r}): {elapsed.TotalSeconds:0.00} s, precision {report.Precision:0.0000}, "
                + $"recall {report.Recall:0.0000}, small-edit recall {near?.Rate ?? 0:0.0000}, hard negatives apart {report.HardNegatives.Rate:0.0000}"));
        }
    }

    /// <summary>The 1-minute load average (Linux), to judge a wall time measured on a shared machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// The corpus the arguments ask for: --vocabulary korean|varied|templated (--templated alone still works; varied by
    /// default), or --words LIST: the Korean generator on another word list (KoreanWords.txt format).
    /// </summary>
    internal static LabelledCorpus Generate(string[] args, int size, int seed)
    {
        var words = Array.IndexOf(args, "--words");
        return words >= 0
            ? CorpusGenerator.Generate(size, seed, KoreanLexicon.Parse(File.ReadAllText(args[words + 1])))
            : CorpusGenerator.Generate(size, seed, Vocabulary(args));
    }

    private static CorpusVocabulary Vocabulary(string[] args)
    {
        var i = Array.IndexOf(args, "--vocabulary");
        return i >= 0 ? Enum.Parse<CorpusVocabulary>(args[i + 1], ignoreCase: true)
            : args.Contains("--templated") ? CorpusVocabulary.Templated
            : args.Contains("--words") ? CorpusVocabulary.Korean
            : CorpusVocabulary.Varied;
    }

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
