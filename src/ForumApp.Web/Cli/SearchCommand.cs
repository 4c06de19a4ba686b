using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ForumApp.Data;
using ForumApp.Data.Search;

namespace ForumApp.Web.Cli;

/// <summary>
/// <c>search rebuild</c>: writes the search index again from the database (docs/search.md). Progress lines go to
/// stderr; stdout gets one summary line. Any failure is one readable line on stderr and exit code 1.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var rebuild = new Command("rebuild", "Empties the search index and indexes every published essay and visible comment again.");
        rebuild.SetAction(async (_, cancellationToken) =>
        {
            try
            {
                using var host = ForumCli.BuildHost(configArgs);
                await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
                var clock = Stopwatch.StartNew();
                var written = await host.Services.GetRequiredService<SearchIndexer>()
                    .RebuildAsync(new ProgressWriter(stderr), cancellationToken);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"search rebuild: {written} documents indexed in {clock.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
#pragma warning disable CA1031 // a command line verb answers any failure with one line and a non-zero exit
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await stderr.WriteLineAsync("search rebuild failed: " + ForumCli.FirstLine(e));
                return 1;
            }
        });
        return new Command("search", "Search index maintenance.") { rebuild };
    }

    /// <summary>A progress line at most once per percent.</summary>
    private sealed class ProgressWriter(TextWriter stderr) : IProgress<SearchRebuildProgress>
    {
        private int _lastPercent = -1;

        public void Report(SearchRebuildProgress value)
        {
            var percent = value.Total == 0 ? 100 : (int)(100L * value.Done / value.Total);
            if (percent != _lastPercent)
            {
                _lastPercent = percent;
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search rebuild: {percent}% ({value.Done}/{value.Total} documents)"));
            }
        }
    }
}
