using System.Globalization;
using System.Text;
using System.Text.Json;
using ForumApp.Core.Dedup;

namespace ForumApp.Dedup.Evaluation;

/// <summary>
/// A labelled corpus on disk, to measure the shipped executable (<c>dedup FILE --json</c>) rather than the engine in
/// process: the texts one per line in FILE, the ground truth in FILE.labels (group, planted kind, source line).
/// </summary>
public static class CorpusFile
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the texts to <paramref name="path"/> and the labels to <paramref name="path"/>.labels.</summary>
    public static void Write(LabelledCorpus corpus, string path)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        using (var texts = new StreamWriter(path, append: false, s_utf8))
        {
            foreach (var t in corpus.Texts)
            {
                if (t.Contains('\n', StringComparison.Ordinal) || t.Contains('\r', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(t))
                {
                    throw new ArgumentException("A corpus text would not stay one line.", nameof(corpus));
                }

                texts.Write(t);
                texts.Write('\n');
            }
        }

        using var labels = new StreamWriter(path + ".labels", append: false, s_utf8);
        for (var i = 0; i < corpus.Texts.Count; i++)
        {
            labels.Write(string.Create(CultureInfo.InvariantCulture, $"{corpus.Groups[i]}\t{corpus.Kinds[i]}\t{corpus.Sources[i]}\n"));
        }
    }

    /// <summary>Reads a corpus written by <see cref="Write"/>.</summary>
    public static LabelledCorpus Read(string path)
    {
        var texts = File.ReadAllLines(path, s_utf8);
        var groups = new List<int>(texts.Length);
        var kinds = new List<PlantedKind>(texts.Length);
        var sources = new List<int>(texts.Length);
        foreach (var line in File.ReadLines(path + ".labels"))
        {
            var parts = line.Split('\t');
            groups.Add(int.Parse(parts[0], CultureInfo.InvariantCulture));
            kinds.Add(Enum.Parse<PlantedKind>(parts[1]));
            sources.Add(int.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        return texts.Length == groups.Count
            ? new LabelledCorpus(texts, groups, kinds, sources)
            : throw new InvalidDataException($"{path} has {texts.Length} lines but {groups.Count} labels.");
    }

    /// <summary>Reads the clusters of <c>dedup FILE --json</c> (1-based line numbers) as 0-based text indexes.</summary>
    public static IReadOnlyList<DuplicateCluster> ReadClusters(string jsonPath)
    {
        using var stream = File.OpenRead(jsonPath);
        using var doc = JsonDocument.Parse(stream);
        var clusters = new List<DuplicateCluster>();
        foreach (var c in doc.RootElement.GetProperty("clusters").EnumerateArray())
        {
            var kind = c.GetProperty("kind").GetString() switch
            {
                "exact" => DuplicateKind.Exact,
                "near" => DuplicateKind.Near,
                _ => DuplicateKind.Contained,
            };
            clusters.Add(new DuplicateCluster(
                c.GetProperty("canonical").GetInt32() - 1,
                [.. c.GetProperty("members").EnumerateArray().Select(m => m.GetInt32() - 1)],
                kind,
                c.GetProperty("score").GetDouble()));
        }

        return clusters;
    }
}
