using BenchmarkDotNet.Running;
using ForumApp.Benchmarks;

// `corpus [--size N] [--queries Q]` runs the corpus-scale measurements; anything else goes to BenchmarkDotNet
// (e.g. `--filter *Normalization*`).
if (args.Length > 0 && args[0] == "corpus")
{
    return CorpusBenchmark.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CorpusBenchmark).Assembly).Run(args);
return 0;
