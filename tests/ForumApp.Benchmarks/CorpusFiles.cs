using System.Globalization;
using ForumApp.Dedup.Evaluation;

namespace ForumApp.Benchmarks;

/// <summary>
/// Measures the shipped executable on a labelled corpus: <c>write-corpus FILE [--size N] [--seed S] [--vocabulary
/// korean|varied|templated] [--words LIST]</c> writes the texts (FILE) and the ground truth (FILE.labels);
/// <c>evaluate FILE RESULT.json</c> scores the output of <c>dedup FILE --json</c> against it.
/// </summary>
internal static class CorpusFiles
{
    public static int Write(string[] args)
    {
        var path = args[0];
        var size = CorpusBenchmark.IntArg(args, "--size", 100_000);
        var seed = CorpusBenchmark.IntArg(args, "--seed", 20221206);
        var corpus = CorpusBenchmark.Generate(args, size, seed);
        CorpusFile.Write(corpus, path);
        var counts = corpus.Kinds.GroupBy(k => k).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {corpus.Texts.Count:N0} lines to {path} (+ .labels): {string.Join(", ", counts)}"));
        return 0;
    }

    public static int Evaluate(string[] args)
    {
        var corpus = CorpusFile.Read(args[0]);
        var clusters = CorpusFile.ReadClusters(args[1]);
        Console.Write(DedupEvaluator.Evaluate(corpus, clusters));
        if (args.Contains("--diagnose"))
        {
            var examples = Array.IndexOf(args, "--examples");
            Diagnose(corpus, clusters, examples >= 0 ? args[examples + 1] : null, examples >= 0 && examples + 2 < args.Length ? int.Parse(args[examples + 2], CultureInfo.InvariantCulture) : 20);
        }

        var show = Array.IndexOf(args, "--show");
        if (show >= 0)
        {
            // --show KIND [N]: examples of missed copies of KIND (or merged hard negatives of KIND), source first.
            var kind = Enum.Parse<PlantedKind>(args[show + 1], ignoreCase: true);
            var limit = show + 2 < args.Length ? int.Parse(args[show + 2], CultureInfo.InvariantCulture) : 20;
            var canonical = new int[corpus.Texts.Count];
            Array.Fill(canonical, -1);
            foreach (var c in clusters)
            {
                foreach (var m in c.Members)
                {
                    canonical[m] = c.Canonical;
                }
            }

            var negative = DedupEvaluator.IsHardNegative(kind);
            for (var i = 0; i < corpus.Texts.Count && limit > 0; i++)
            {
                var source = corpus.Sources[i];
                if (corpus.Kinds[i] != kind || source < 0 || (negative && corpus.Groups[i] == corpus.Groups[source]))
                {
                    continue;
                }

                var together = canonical[i] >= 0 && canonical[i] == canonical[source];
                var reasonOk = !args.Contains("--guards") || (!ForumApp.Core.Dedup.DuplicateRules.TryNear(
                    ForumApp.Core.Text.TextNormalizer.ToComparisonKey(corpus.Texts[source]), ForumApp.Core.Text.TextNormalizer.ToComparisonKey(corpus.Texts[i]),
                    ForumApp.Core.Dedup.DedupOptions.Default, out _) && corpus.Texts[i].Count(c => c != ' ') >= 20);
                if (together == negative && reasonOk)
                {
                    limit--;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{source + 1}: {corpus.Texts[source]}\n{i + 1}: {corpus.Texts[i]}\n"));
                }
            }
        }

        return 0;
    }

    public static int Relate(string[] args)
    {
        var options = ForumApp.Core.Dedup.DedupOptions.Default;
        ForumApp.Core.Dedup.WordCounts? words = null;
        var corpus = Array.IndexOf(args, "--corpus");
        if (corpus >= 0)
        {
            var lines = File.ReadAllLines(args[corpus + 1]);
            words = new ForumApp.Core.Dedup.WordCounts(lines.Length);
            foreach (var line in lines)
            {
                words.Add(ForumApp.Core.Text.TextNormalizer.ToComparisonKey(line), 1);
            }
        }

        var a = ForumApp.Core.Text.TextNormalizer.ToComparisonKey(args[0]);
        var b = ForumApp.Core.Text.TextNormalizer.ToComparisonKey(args[1]);
        if (!a.Contains(' ', StringComparison.Ordinal) && !b.Contains(' ', StringComparison.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"typos {ForumApp.Core.Dedup.TypoModel.Count(a, b)}, with two slips in a syllable {ForumApp.Core.Dedup.TypoModel.Count(a, b, twoSlipSyllables: true)}"));
        }

        var related = ForumApp.Core.Dedup.DuplicateRules.TryRelate(a, a.Length, false, b, b.Length, false, options, words, out var kind, out var score);
        var guards = ForumApp.Core.Dedup.DuplicateRules.PassesGuards(a, b, allowTrailingCut: false, words, out var typos);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"related {related} {kind} {score:0.000}; guards {guards}, typo cost {typos}"));
        foreach (var word in a.Split(' ').Concat(b.Split(' ')).Distinct())
        {
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"{word}:{words?.CountOf(word)} "));
        }

        Console.WriteLine();
        return 0;
    }

    /// <summary>Why copies were missed and negatives merged: too short, too far apart, a guard, or never proposed.</summary>
    private static void Diagnose(LabelledCorpus corpus, IReadOnlyList<ForumApp.Core.Dedup.DuplicateCluster> clusters, string? examplesOf, int examples)
    {
        var canonical = new int[corpus.Texts.Count];
        Array.Fill(canonical, -1);
        foreach (var c in clusters)
        {
            foreach (var m in c.Members)
            {
                canonical[m] = c.Canonical;
            }
        }

        var tally = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var options = ForumApp.Core.Dedup.DedupOptions.Default;
        var hasher = new ForumApp.Core.Dedup.MinHasher(options.ShingleSize, options.Bands, options.RowsPerBand);
        var words = new ForumApp.Core.Dedup.WordCounts(corpus.Texts.Count);
        foreach (var text in corpus.Texts)
        {
            words.Add(ForumApp.Core.Text.TextNormalizer.ToComparisonKey(text), 1);
        }
        for (var i = 0; i < corpus.Texts.Count; i++)
        {
            var source = corpus.Sources[i];
            var kind = corpus.Kinds[i];
            if (source < 0 || kind == PlantedKind.TruncatedPreview || (DedupEvaluator.IsHardNegative(kind) && corpus.Groups[i] == corpus.Groups[source]))
            {
                continue;
            }

            var together = canonical[i] >= 0 && canonical[i] == canonical[source];
            if (together != DedupEvaluator.IsHardNegative(kind))
            {
                continue;
            }

            var a = ForumApp.Core.Text.TextNormalizer.ToComparisonKey(corpus.Texts[source]);
            var b = ForumApp.Core.Text.TextNormalizer.ToComparisonKey(corpus.Texts[i]);
            var na = a.Replace(" ", "", StringComparison.Ordinal);
            var nb = b.Replace(" ", "", StringComparison.Ordinal);
            var max = Math.Max(na.Length, nb.Length);
            var distance = ForumApp.Core.Dedup.EditDistance.Bounded(na, nb, max);
            var shortest = Math.Min(na.Length, nb.Length);
            var verified = ForumApp.Core.Dedup.DuplicateRules.TryNear(a, b, options, words, out _);
            var reason = verified ? "verified (candidates or clustering)"
                : shortest < ForumApp.Core.Dedup.DuplicateRules.MinTypoChars ? "too short"
                : 1 - ((double)distance / max) < options.MinNearSimilarity ? "similarity"
                : shortest < options.MinNearChars ? "short text rule"
                : "guards";
            if (verified && !together)
            {
                // Never proposed: how similar do the LSH bands and the sketch say they are?
                var fa = new ForumApp.Core.Dedup.FeatureBuilder(hasher);
                var fb = new ForumApp.Core.Dedup.FeatureBuilder(hasher);
                fa.FromText(corpus.Texts[source]);
                fb.FromText(corpus.Texts[i]);
                var bands = fa.BandHashes.Zip(fb.BandHashes).Count(p => p.First == p.Second);
                var sketch = ForumApp.Core.Dedup.MinHasher.SketchMatches(fa.Sketch, fb.Sketch);
                reason += string.Create(CultureInfo.InvariantCulture, $" bands {Math.Min(bands, 2)} sketch {sketch / 4 * 4,2}+ {(shortest < options.MinNearChars ? "short" : "")}");
            }

            var key = $"{kind} {(together ? "merged" : "missed")}: {reason}";
            tally[key] = tally.GetValueOrDefault(key) + 1;
            if (examplesOf is not null && key.StartsWith(examplesOf, StringComparison.Ordinal) && examples-- > 0)
            {
                // --examples PREFIX [N]: the pairs behind a line of the tally, source first.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}\n  {source + 1}: {corpus.Texts[source]}\n  {i + 1}: {corpus.Texts[i]}"));
            }
        }

        foreach (var (key, count) in tally)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key}: {count:N0}"));
        }
    }
}
