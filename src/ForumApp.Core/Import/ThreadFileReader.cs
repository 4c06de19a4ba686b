using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ForumApp.Core.Text;

namespace ForumApp.Core.Import;

/// <summary>
/// Reads a scraped thread file: line 1 is a date (2022/12/06, 2022-12-06 or 2022.12.06), then one paragraph per line.
/// Rejects what cannot be a thread file with a <see cref="ThreadFileException"/> naming the file and the line.
/// </summary>
public static partial class ThreadFileReader
{
    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and checks the file's bytes.</summary>
    public static ThreadFile Read(string fileName, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (bytes.IsEmpty)
        {
            throw new ThreadFileException(fileName, 1, "the file is empty");
        }

        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new ThreadFileException(fileName, LineOf(bytes, nul), "the file is binary (it contains a NUL byte), not a UTF-8 text file");
        }

        string text;
        try
        {
            var body = bytes.StartsWith(s_utf8Bom) ? bytes[3..] : bytes;
            text = s_strictUtf8.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            var offset = e.Index >= 0 ? e.Index : 0;
            throw new ThreadFileException(fileName, LineOf(bytes, offset), "the file is not valid UTF-8");
        }

        var rawLines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var firstContent = Array.FindIndex(rawLines, l => !string.IsNullOrWhiteSpace(l));
        if (firstContent < 0)
        {
            throw new ThreadFileException(fileName, 1, "the file has no text (only blank lines)");
        }

        var dateText = new string(rawLines[firstContent].Where(c => !TextNormalizer.IsInvisible(c)).ToArray()).Trim();
        var match = DateLine().Match(dateText);
        if (!match.Success || !DateOnly.TryParseExact(
                $"{match.Groups["y"].Value}-{match.Groups["m"].Value.PadLeft(2, '0')}-{match.Groups["d"].Value.PadLeft(2, '0')}",
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date))
        {
            throw new ThreadFileException(fileName, firstContent + 1, $"expected the thread's date (like 2022/12/06) on the first line, found \"{Shorten(dateText)}\"");
        }

        var lines = new List<ThreadLine>();
        for (var i = firstContent + 1; i < rawLines.Length; i++)
        {
            var line = TextNormalizer.ToStoredForm(rawLines[i]).Trim();
            if (line.Length == 0 || TextNormalizer.ToComparisonKey(line).Length == 0 && line.All(TextNormalizer.IsInvisible))
            {
                continue;
            }

            if (line.Any(c => char.IsControl(c) && c != '\t'))
            {
                throw new ThreadFileException(fileName, i + 1, "the line holds control characters; is this a text file?");
            }

            lines.Add(new ThreadLine(i + 1, line));
        }

        if (lines.Count == 0)
        {
            throw new ThreadFileException(fileName, firstContent + 2, "there is no essay text after the date line");
        }

        return new ThreadFile(fileName, Convert.ToHexStringLower(SHA256.HashData(bytes)), date, lines);
    }

    private static int LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1;

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "…");

    [GeneratedRegex(@"^(?<y>\d{4})[/.\-](?<m>\d{1,2})[/.\-](?<d>\d{1,2})\.?$")]
    private static partial Regex DateLine();
}
