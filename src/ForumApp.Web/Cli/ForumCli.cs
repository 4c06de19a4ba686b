using System.CommandLine;
using ForumApp.Core.Import;
using ForumApp.Data;
using ForumApp.Data.Import;
using Serilog;
using Serilog.Events;

namespace ForumApp.Web.Cli;

/// <summary>
/// Maintenance verbs on the app's own executable (<c>dotnet run --project src/ForumApp.Web -- import PATH</c>).
/// They read the same configuration as the server, so <c>--ConnectionStrings:Forum=...</c> picks the database.
/// Logs go to stderr; stdout carries only the command's result.
/// </summary>
public static class ForumCli
{
    private static readonly string[] s_verbs = ["import", "dedup", "users", "sample-essay", "search", "backup", "help", "--help", "-h"];

    /// <summary>True when the arguments ask for a verb rather than the web server.</summary>
    public static bool IsCommand(string[] args) =>
        SplitArguments(args).Command.FirstOrDefault() is { } first && s_verbs.Contains(first, StringComparer.Ordinal);

    /// <summary>Runs the verb and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, TextReader? stdin = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        stdin ??= Console.In;
        var (configArgs, commandArgs) = SplitArguments(args);

        var root = new RootCommand("ForumApp: 에세이 토론 포럼. 인자 없이 실행하면 웹 서버를 시작합니다.");
        root.Subcommands.Add(ImportCommand(configArgs, stdout, stderr));
        root.Subcommands.Add(SampleEssayCommand(configArgs, stdout));
        root.Subcommands.Add(DedupCommand(configArgs, stdout, stderr));
        root.Subcommands.Add(UsersCommand.Create(configArgs, stdout, stderr, stdin));
        root.Subcommands.Add(SearchCommand.Create(configArgs, stdout, stderr));
        root.Subcommands.Add(BackupCommand(configArgs, stdout, stderr));

        var parse = root.Parse(commandArgs);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message);
            }

            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static Command ImportCommand(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("PATH") { Description = "A thread file, or a folder of *.txt thread files." };
        var command = new Command("import", "Imports scraped thread files as essays with their discussion.") { path };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(path)!;
            using var host = BuildHost(configArgs);
            var initializer = host.Services.GetRequiredService<DatabaseInitializer>();
            var importer = host.Services.GetRequiredService<ThreadImportService>();
            try
            {
                await initializer.MigrateAsync(cancellationToken);
                IReadOnlyList<ImportResult> results = Directory.Exists(target)
                    ? await importer.ImportFolderAsync(target, cancellationToken)
                    : File.Exists(target)
                        ? [await importer.ImportFileAsync(target, cancellationToken)]
                        : throw new ThreadFileException(Path.GetFileName(target), 1, "no such file or folder");
                foreach (var r in results)
                {
                    await stdout.WriteLineAsync(r.AlreadyImported
                        ? $"{r.FileName}: already imported as essay {r.EssayId}; nothing new"
                        : $"{r.FileName}: imported as essay {r.EssayId}, {r.CommentCount} comments, {r.CollapsedCount} repeated copies collapsed");
                }

                return 0;
            }
            catch (ThreadFileException e)
            {
                await stderr.WriteLineAsync($"import failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>backup PATH</c>: an online, consistent copy of the SQLite database, safe while the server runs
    /// (<c>VACUUM INTO</c>), checked with <c>PRAGMA integrity_check</c>. One line on stdout; restore in docs/operations.md.
    /// </summary>
    private static Command BackupCommand(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("PATH") { Description = "The new file to write (it must not exist)." };
        var command = new Command("backup", "Copies the SQLite database while the forum runs (consistent, checked).") { path };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var host = BuildHost(configArgs);
                var result = await host.Services.GetRequiredService<ForumApp.Data.Backup.SqliteBackupService>().BackupAsync(parse.GetValue(path)!, cancellationToken);
                if (result.IntegrityCheck != "ok")
                {
                    await stderr.WriteLineAsync($"backup failed: the copy at {result.Path} does not pass the integrity check: {result.IntegrityCheck}");
                    return 1;
                }

                await stdout.WriteLineAsync($"backup: {result.Path} ({result.Bytes} bytes, {result.Essays} essays, {result.Comments} comments, integrity ok)");
                return 0;
            }
#pragma warning disable CA1031 // a command line verb answers any failure with one line and a non-zero exit
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await stderr.WriteLineAsync("backup failed: " + FirstLine(e));
                return 1;
            }
        });
        return command;
    }

    private static Command DedupCommand(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "UTF-8 text, one comment per line; blank lines are skipped but keep their numbers." };
        var json = new Option<bool>("--json") { Description = "Print only the clusters as JSON (1-based line numbers)." };
        var command = new Command("dedup", "Finds duplicate lines (exact, near and truncated previews) in a file.") { file, json };
        command.SetAction((parse, cancellationToken) =>
            Task.FromResult(DedupFileCommand.Run(parse.GetValue(file)!, parse.GetValue(json), stdout, stderr,
                showProgress: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected, cancellationToken)));
        command.Subcommands.Add(DedupScanCommand(configArgs, stdout, stderr));
        return command;
    }

    /// <summary>
    /// <c>dedup scan [--essay ID]</c>: the moderators' batch scan over the database (the same service as the
    /// moderation page's button). Prints one summary line; progress goes to stderr.
    /// </summary>
    private static Command DedupScanCommand(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var essay = new Option<int?>("--essay") { Description = "Scan only this essay." };
        var command = new Command("scan", "Scans the database for duplicate comments: merges one author's copies, queues the rest for moderators.") { essay };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var host = BuildHost(configArgs);
                await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
                var scans = host.Services.GetRequiredService<ForumApp.Data.Moderation.DuplicateScanService>();
                var progress = new ScanProgressWriter(stderr);
                var summary = await scans.ScanAsync("cli", progress, parse.GetValue(essay), cancellationToken);
                await stdout.WriteLineAsync(summary.ToString());
                return 0;
            }
#pragma warning disable CA1031 // a command line verb answers any failure with one line and a non-zero exit
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await stderr.WriteLineAsync("dedup scan failed: " + FirstLine(e));
                return 1;
            }
        });
        return command;
    }

    internal static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            inner = inner.InnerException;
        }

        return inner.Message.Split('\n', 2)[0].Trim();
    }

    /// <summary>Writes a progress line to stderr at most once per essay percentage step.</summary>
    private sealed class ScanProgressWriter(TextWriter stderr) : IProgress<ForumApp.Data.Moderation.ScanProgress>
    {
        private int _lastPercent = -1;

        public void Report(ForumApp.Data.Moderation.ScanProgress value)
        {
            var percent = (int)(value.Fraction * 100);
            if (percent != _lastPercent)
            {
                _lastPercent = percent;
                stderr.WriteLine($"scan: {percent}% ({value.EssaysDone}/{value.EssayCount} essays, {value.CommentsDone}/{value.CommentCount} comments)");
            }
        }
    }

    private static Command SampleEssayCommand(string[] configArgs, TextWriter stdout)
    {
        var count = new Option<int>("--comments") { Description = "How many comments.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed makes the same essay.", DefaultValueFactory = _ => 42 };
        var command = new Command("sample-essay", "Writes a large generated essay with a nested discussion (for benchmarks and demos).") { count, seed };
        command.Validators.Add(r =>
        {
            if (r.GetValue(count) is < 0 or > 1_000_000)
            {
                r.AddError("--comments must be between 0 and 1000000.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = BuildHost(configArgs);
            await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var generator = host.Services.GetRequiredService<ForumApp.Data.Samples.SampleEssayGenerator>();
            var id = await generator.CreateAsync(parse.GetValue(count), parse.GetValue(seed), cancellationToken);
            await stdout.WriteLineAsync($"{id}");
            return 0;
        });
        return command;
    }

    /// <summary>The server's configuration and data services, without the web server, logging to stderr.</summary>
    internal static IHost BuildHost(string[] configArgs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs,
            ContentRootPath = ContentRoot.Find(),
        });
        // Verbs log to stderr only, so stdout stays the command's result (scripts parse it).
        builder.Services.AddSerilog((_, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose));
        builder.Services.AddForumData(builder.Configuration, builder.Environment.ContentRootPath);
        return builder.Build();
    }

    /// <summary>
    /// Separates configuration overrides (<c>--Section:Key=value</c>, <c>--urls=...</c>) from the verb and its arguments.
    /// </summary>
    internal static (string[] Config, string[] Command) SplitArguments(string[] args)
    {
        var config = new List<string>();
        var command = new List<string>();
        foreach (var arg in args)
        {
            var isConfig = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal)
                && (arg.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && colon < arg.IndexOf('=', StringComparison.Ordinal)
                    || arg.StartsWith("--urls=", StringComparison.OrdinalIgnoreCase)
                    || arg.StartsWith("--environment=", StringComparison.OrdinalIgnoreCase));
            (isConfig ? config : command).Add(arg);
        }

        return ([.. config], [.. command]);
    }
}
