using BenchmarkDotNet.Running;
using ForumApp.Benchmarks;

// `corpus [--size N] [--queries Q] [--vocabulary korean|varied|templated] [--words LIST]` runs the corpus-scale measurements; anything else goes to BenchmarkDotNet
// (e.g. `--filter *Normalization*`).
if (args.Length > 0 && args[0] == "corpus")
{
    return CorpusBenchmark.Run(args[1..]);
}

// `write-corpus FILE [--size N] [--vocabulary korean]` and `evaluate FILE RESULT.json`: the executable, measured from outside.
if (args.Length > 1 && args[0] == "write-corpus")
{
    return CorpusFiles.Write(args[1..]);
}

if (args.Length > 2 && args[0] == "evaluate")
{
    return CorpusFiles.Evaluate(args[1..]);
}

// `search [--comments N] [--per-essay E] [--postgres CONNECTION]`: search at scale (indexing time, index size, query p50/p99; scripts/bench-search.sh).
if (args.Length > 0 && args[0] == "search")
{
    return await SearchBenchmark.RunAsync(args[1..]);
}

// `relate TEXT1 TEXT2 [--corpus FILE]`: whether the rules relate two texts (with FILE's word counts), and how.
if (args.Length > 2 && args[0] == "relate")
{
    return CorpusFiles.Relate(args[1..]);
}

// `live --read URL [--post URL] --essay ID --token TOKEN [--streams N] [--posts M] [--pid PID]`: the live channel (scripts/bench-live.sh).
if (args.Length > 0 && args[0] == "live")
{
    return await LiveBenchmark.RunAsync(args[1..]);
}

// `posting --db FILE --tokens FILE --essay ID [--posts N] [--writers W]`: where a post's time goes, in process.
if (args.Length > 0 && args[0] == "posting")
{
    return await PostingProfile.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CorpusBenchmark).Assembly).Run(args);
return 0;
