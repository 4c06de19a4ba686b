using System.Text;
using BenchmarkDotNet.Attributes;
using ForumApp.Core.Dedup;
using ForumApp.Dedup.Evaluation;
using ForumApp.Core.Text;

namespace ForumApp.Benchmarks;

/// <summary>Comparison-key throughput on typical comments (precomposed) and on decomposed (NFD) Hangul.</summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private string[] _texts = [];
    private string[] _nfdTexts = [];
    private readonly char[] _buffer = new char[4096];

    [GlobalSetup]
    public void Setup()
    {
        _texts = [.. CorpusGenerator.Generate(1_000, seed: 1).Texts];
        _nfdTexts = [.. _texts.Select(t => t.Normalize(NormalizationForm.FormD))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1_000)]
    public int ComparisonKeyString()
    {
        var total = 0;
        foreach (var t in _texts)
        {
            total += TextNormalizer.ToComparisonKey(t).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public int ComparisonKeyIntoBuffer()
    {
        var total = 0;
        foreach (var t in _texts)
        {
            total += TextNormalizer.TryFold(t, _buffer);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public int ComparisonKeyNfd()
    {
        var total = 0;
        foreach (var t in _nfdTexts)
        {
            total += TextNormalizer.ToComparisonKey(t).Length;
        }

        return total;
    }
}

/// <summary>Cost of all features of one text (key, exact hash, MinHash signature, band hashes) per signature shape.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private string[] _texts = [];
    private FeatureBuilder _features = null!;

    [Params("3x16x4", "2x12x3", "3x12x3", "2x16x4", "2x8x2")]
    public string Shape { get; set; } = "2x12x3";

    [GlobalSetup]
    public void Setup()
    {
        _texts = [.. CorpusGenerator.Generate(1_000, seed: 1).Texts];
        var p = Shape.Split('x').Select(int.Parse).ToArray();
        _features = new FeatureBuilder(new MinHasher(p[0], p[1], p[2]));
    }

    [Benchmark(OperationsPerInvoke = 1_000)]
    public ulong Features()
    {
        ulong total = 0;
        foreach (var t in _texts)
        {
            _features.FromText(t);
            total += _features.BandHashes[0];
        }

        return total;
    }
}
