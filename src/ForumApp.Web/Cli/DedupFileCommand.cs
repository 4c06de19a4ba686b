using System.Globalization;
using System.Text;
using ForumApp.Core.Dedup;

namespace ForumApp.Web.Cli;

/// <summary>
/// The logic of the <c>dedup FILE [--json]</c> command: one text per line (UTF-8, strict), blank lines skipped but
/// counted, clusters reported with 1-based line numbers. <see cref="ForumCli"/> calls <see cref="Run"/>.
/// </summary>
public static class DedupFileCommand
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a missing, unreadable or non-UTF-8 file.</summary>
    public const int InputError = 2;

    /// <summary>Exit code when the scan was cancelled.</summary>
    public const int Cancelled = 130;

    private const int ProgressThreshold = 50_000;
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Runs the command. With <paramref name="json"/>, stdout receives only the JSON document.</summary>
    /// <returns>0 on success; 2 when the file is missing, unreadable or not UTF-8 (one line on stderr); 130 when cancelled.</returns>
    public static int Run(string path, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            stderr.WriteLine($"dedup: cannot read '{path}': {reason}");
            return InputError;
        }

        if (!TryReadLines(bytes, out var texts, out var lineNumbers, out var badLine))
        {
            stderr.WriteLine($"dedup: '{path}' is not valid UTF-8 (line {badLine})");
            return InputError;
        }

        IReadOnlyList<DuplicateCluster> clusters;
        try
        {
            var progress = !json && texts.Count >= ProgressThreshold ? new StderrProgress(stderr, texts.Count) : null;
            clusters = new DedupEngine().FindClusters(texts, progress, cancellationToken);
            progress?.Done();
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("dedup: cancelled");
            return Cancelled;
        }

        if (json)
        {
            stdout.Write(ToJson(clusters, lineNumbers));
            stdout.WriteLine();
        }
        else
        {
            WriteTable(stdout, clusters, lineNumbers, texts.Count);
        }

        return Success;
    }

    /// <summary>Splits UTF-8 bytes into non-blank lines; false with the 1-based line number of the first invalid byte.</summary>
    internal static bool TryReadLines(ReadOnlySpan<byte> bytes, out List<string> texts, out List<int> lineNumbers, out int badLine)
    {
        texts = [];
        lineNumbers = [];
        badLine = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var line = 0;
        while (!bytes.IsEmpty)
        {
            line++;
            var end = bytes.IndexOf((byte)'\n');
            var content = end >= 0 ? bytes[..end] : bytes;
            bytes = end >= 0 ? bytes[(end + 1)..] : [];
            if (!content.IsEmpty && content[^1] == (byte)'\r')
            {
                content = content[..^1];
            }

            string text;
            try
            {
                text = _strictUtf8.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                badLine = line;
                return false;
            }

            if (!string.IsNullOrWhiteSpace(text))
            {
                texts.Add(text);
                lineNumbers.Add(line);
            }
        }

        return true;
    }

    /// <summary>The JSON document: clusters with 1-based line numbers and lower-case kinds.</summary>
    internal static string ToJson(IReadOnlyList<DuplicateCluster> clusters, IReadOnlyList<int> lineNumbers)
    {
        var sb = new StringBuilder("{\"clusters\":[");
        for (var c = 0; c < clusters.Count; c++)
        {
            var cluster = clusters[c];
            if (c > 0)
            {
                sb.Append(',');
            }

            sb.Append("{\"canonical\":").Append(lineNumbers[cluster.Canonical].ToString(CultureInfo.InvariantCulture)).Append(",\"members\":[");
            for (var m = 0; m < cluster.Members.Count; m++)
            {
                if (m > 0)
                {
                    sb.Append(',');
                }

                sb.Append(lineNumbers[cluster.Members[m]].ToString(CultureInfo.InvariantCulture));
            }

            sb.Append("],\"kind\":\"").Append(KindName(cluster.Kind)).Append("\",\"score\":")
                .Append(cluster.Score.ToString("0.0###", CultureInfo.InvariantCulture)).Append('}');
        }

        return sb.Append("]}").ToString();
    }

    private static void WriteTable(TextWriter stdout, IReadOnlyList<DuplicateCluster> clusters, List<int> lineNumbers, int texts)
    {
        var duplicates = clusters.Sum(c => c.Members.Count - 1);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{texts} texts, {clusters.Count} clusters, {duplicates} duplicates"));
        if (clusters.Count == 0)
        {
            return;
        }

        stdout.WriteLine();
        stdout.WriteLine($"{"canonical",9}  {"kind",-9}  {"score",6}  members (line numbers)");
        foreach (var cluster in clusters)
        {
            var members = string.Join(", ", cluster.Members.Select(m => lineNumbers[m].ToString(CultureInfo.InvariantCulture)));
            stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{lineNumbers[cluster.Canonical],9}  {KindName(cluster.Kind),-9}  {cluster.Score,6:0.000}  {members}"));
        }
    }

    private static string KindName(DuplicateKind kind) => kind switch
    {
        DuplicateKind.Exact => "exact",
        DuplicateKind.Near => "near",
        DuplicateKind.Contained => "contained",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Synchronous progress on stderr (Progress&lt;T&gt; would post late, after the table).</summary>
    private sealed class StderrProgress(TextWriter stderr, int total) : IProgress<int>
    {
        public void Report(int value) =>
            stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rdedup: {value:N0} / {total:N0} texts ({100.0 * value / total:0}%)"));

        public void Done() => stderr.WriteLine();
    }
}
