using System.Globalization;
using System.Text;
using System.Text.Unicode;
using ForumApp.Core.Dedup;

namespace ForumApp.Web.Cli;

/// <summary>
/// The logic of the <c>dedup FILE [--json]</c> command: one text per line (UTF-8, strict), blank lines skipped but
/// counted, clusters reported with 1-based line numbers. <see cref="ForumCli"/> calls <see cref="Run(string, bool, TextWriter, TextWriter, bool, CancellationToken)"/>.
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
    private const int BatchSize = 16_384;
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Runs the command without progress lines. With <paramref name="json"/>, stdout receives only the JSON document.</summary>
    /// <returns>0 on success; 2 when the file is missing, unreadable or not UTF-8 (one line on stderr); 130 when cancelled.</returns>
    public static int Run(string path, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        Run(path, json, stdout, stderr, showProgress: false, cancellationToken);

    /// <summary>
    /// Runs the command. With <paramref name="showProgress"/> (the CLI passes it when stderr is a terminal) a file of
    /// 50,000 texts or more gets a progress line on stderr, rewritten in place; stdout only ever carries the result.
    /// </summary>
    /// <returns>0 on success; 2 when the file is missing, unreadable or not UTF-8 (one line on stderr); 130 when cancelled.</returns>
    public static int Run(string path, bool json, TextWriter stdout, TextWriter stderr, bool showProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        // Two passes over the file instead of holding it and every line as a string: the first checks the UTF-8 and
        // numbers the non-blank lines, the second hands them to the engine a batch at a time, which keeps only their
        // comparison keys (1,000,000 comments took 1.44 GB with the whole file and all its strings held).
        List<int> lineNumbers;
        try
        {
            if (!TryNumberLines(path, out lineNumbers, out var badLine))
            {
                stderr.WriteLine($"dedup: '{path}' is not valid UTF-8 (line {badLine})");
                return InputError;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"dedup: cannot read '{path}': {Reason(e)}");
            return InputError;
        }

        IReadOnlyList<DuplicateCluster> clusters;
        var progress = showProgress && lineNumbers.Count >= ProgressThreshold ? new StderrProgress(stderr, lineNumbers.Count) : null;
        try
        {
            progress?.Reading();
            clusters = new DedupEngine().Analyze(lineNumbers.Count, ReadBatches(path), progress, cancellationToken).Clusters;
            progress?.Done();
        }
        catch (OperationCanceledException)
        {
            progress?.Done();
            stderr.WriteLine("dedup: cancelled");
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            progress?.Done();
            stderr.WriteLine($"dedup: cannot read '{path}': {Reason(e)}");
            return InputError;
        }

        // The console's writer flushes on every write: a million clusters made a million write calls (3 s of system
        // time at 1,000,000 lines). Written in 64 KB pieces instead.
        using (var output = new ChunkedWriter(stdout))
        {
            if (json)
            {
                WriteJson(output, clusters, lineNumbers);
                output.WriteLine();
            }
            else
            {
                WriteTable(output, clusters, lineNumbers, lineNumbers.Count);
            }
        }

        return Success;
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    /// <summary>The 1-based numbers of the non-blank lines; false with the number of the first line that is not UTF-8.</summary>
    private static bool TryNumberLines(string path, out List<int> lineNumbers, out int badLine)
    {
        lineNumbers = [];
        badLine = 0;
        foreach (var (line, content) in Lines(path))
        {
            // Checked in place, without decoding the line (the second pass decodes each line once).
            if (!Utf8.IsValid(content.Span))
            {
                badLine = line;
                return false;
            }

            if (!IsBlank(content.Span))
            {
                lineNumbers.Add(line);
            }
        }

        return true;
    }

    /// <summary>True when valid UTF-8 holds only white space (the same test as <see cref="string.IsNullOrWhiteSpace"/>).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
            if (!Rune.IsWhiteSpace(rune))
            {
                return false;
            }

            utf8 = utf8[consumed..];
        }

        return true;
    }

    /// <summary>The non-blank lines as strings, <see cref="BatchSize"/> at a time (the first pass checked the file).</summary>
    private static IEnumerable<IReadOnlyList<string>> ReadBatches(string path)
    {
        var batch = new List<string>(BatchSize);
        foreach (var (_, content) in Lines(path))
        {
            var text = _strictUtf8.GetString(content.Span);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            batch.Add(text);
            if (batch.Count == BatchSize)
            {
                yield return batch;
                batch = new List<string>(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>The lines of a file as UTF-8 bytes with their 1-based numbers (a leading BOM and a line-ending CR removed).</summary>
    private static IEnumerable<(int Line, ReadOnlyMemory<byte> Content)> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int filled = 0, line = 0;
        var atStart = true;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var start = 0;
            if (atStart && (filled >= 3 || read == 0))
            {
                atStart = false;
                start = buffer.AsSpan(0, filled).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            }

            int end;
            while (!atStart && (end = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
            {
                yield return (++line, Trim(buffer.AsMemory(start, end)));
                start += end + 1;
            }

            if (read == 0)
            {
                if (filled > start)
                {
                    yield return (++line, Trim(buffer.AsMemory(start, filled - start)));
                }

                yield break;
            }

            // Keep the unfinished line; grow the buffer when one line fills it.
            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> content) =>
            !content.IsEmpty && content.Span[^1] == (byte)'\r' ? content[..^1] : content;
    }

    /// <summary>The JSON document: clusters with 1-based line numbers and lower-case kinds.</summary>
    internal static string ToJson(IReadOnlyList<DuplicateCluster> clusters, IReadOnlyList<int> lineNumbers)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteJson(writer, clusters, lineNumbers);
        return writer.ToString();
    }

    /// <summary>Writes the JSON document as it goes (a million comments make a large one).</summary>
    private static void WriteJson(TextWriter writer, IReadOnlyList<DuplicateCluster> clusters, IReadOnlyList<int> lineNumbers)
    {
        writer.Write("{\"clusters\":[");
        for (var c = 0; c < clusters.Count; c++)
        {
            var cluster = clusters[c];
            writer.Write(c > 0 ? ",{\"canonical\":" : "{\"canonical\":");
            writer.Write(lineNumbers[cluster.Canonical].ToString(CultureInfo.InvariantCulture));
            writer.Write(",\"members\":[");
            for (var m = 0; m < cluster.Members.Count; m++)
            {
                if (m > 0)
                {
                    writer.Write(',');
                }

                writer.Write(lineNumbers[cluster.Members[m]].ToString(CultureInfo.InvariantCulture));
            }

            writer.Write("],\"kind\":\"");
            writer.Write(KindName(cluster.Kind));
            writer.Write("\",\"score\":");
            writer.Write(cluster.Score.ToString("0.0###", CultureInfo.InvariantCulture));
            writer.Write('}');
        }

        writer.Write("]}");
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

    /// <summary>Collects writes and hands them to the inner writer 64 KB at a time (and on dispose).</summary>
    private sealed class ChunkedWriter(TextWriter inner) : TextWriter
    {
        private const int ChunkSize = 1 << 16;
        private readonly StringBuilder _buffer = new(ChunkSize + 1024);

        public override Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => CultureInfo.InvariantCulture;

        public override void Write(char value)
        {
            _buffer.Append(value);
            FlushIfFull();
        }

        public override void Write(string? value)
        {
            _buffer.Append(value);
            FlushIfFull();
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            _buffer.Append(buffer);
            FlushIfFull();
        }

        public override void Flush()
        {
            if (_buffer.Length > 0)
            {
                inner.Write(_buffer.ToString());
                _buffer.Clear();
            }

            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }

            base.Dispose(disposing);
        }

        private void FlushIfFull()
        {
            if (_buffer.Length >= ChunkSize)
            {
                inner.Write(_buffer.ToString());
                _buffer.Clear();
            }
        }
    }

    /// <summary>
    /// Synchronous progress on stderr, one line rewritten in place at most once per percent (Progress&lt;T&gt; would
    /// post late, after the result).
    /// </summary>
    private sealed class StderrProgress(TextWriter stderr, int total) : IProgress<int>
    {
        private int _lastPercent = -1;

        public void Reading() => stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rdedup: reading {total:N0} texts"));

        public void Report(int value)
        {
            var percent = (int)(100L * value / Math.Max(1, total));
            if (percent != _lastPercent)
            {
                _lastPercent = percent;
                stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\rdedup: {value:N0} / {total:N0} texts ({percent}%)   "));
            }
        }

        public void Done() => stderr.WriteLine();
    }
}
