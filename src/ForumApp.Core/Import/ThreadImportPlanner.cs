using System.Text.RegularExpressions;
using ForumApp.Core.Dedup;
using ForumApp.Core.Essays;
using ForumApp.Core.Text;

namespace ForumApp.Core.Import;

/// <summary>
/// Interprets a scraped thread file: which lines are the essay, which are comments, which are repeated copies.
/// The rules are written down in docs/import.md.
/// </summary>
public sealed partial class ThreadImportPlanner(IDuplicateDetector detector)
{
    /// <summary>Plans the import of <paramref name="file"/>.</summary>
    public ImportPlan Plan(ThreadFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var lede = file.Lines[0];
        var rest = file.Lines.Skip(1).ToList();
        var keys = rest.Select(l => TextNormalizer.ToComparisonKey(l.Text)).ToList();
        var essayLength = FindEssayLength(rest, keys, out var hasCopy);

        var planned = new List<PlannedLine> { new(lede.Number, lede.Text, SourceLineRole.Lede, null) };
        var essay = rest.Take(essayLength).ToList();
        planned.AddRange(essay.Select(p => new PlannedLine(p.Number, p.Text, SourceLineRole.EssayParagraph, null)));
        var next = essayLength;
        if (hasCopy)
        {
            planned.AddRange(rest.Skip(essayLength).Take(essayLength).Select((p, i) =>
                new PlannedLine(p.Number, p.Text, SourceLineRole.EssayParagraph, essay[i].Number)));
            next = 2 * essayLength;
        }

        // Everything after the essay goes through the duplicate detector together with the essay's own paragraphs,
        // so a paragraph scraped again among the comments is recognised as the essay's, not as a comment.
        var essayTexts = new List<ThreadLine>(essay.Prepend(lede));
        var tail = rest.Skip(next).ToList();
        var corpus = essayTexts.Concat(tail).Select(l => l.Text).ToList();
        var clusters = detector.FindClusters(corpus);
        var clusterOf = new Dictionary<int, DuplicateCluster>();
        foreach (var cluster in clusters)
        {
            foreach (var member in cluster.Members)
            {
                clusterOf[member] = cluster;
            }
        }

        var comments = new List<PlannedComment>();
        for (var i = 0; i < tail.Count; i++)
        {
            var index = essayTexts.Count + i;
            var line = tail[i];
            if (!clusterOf.TryGetValue(index, out var cluster))
            {
                comments.Add(new PlannedComment(line.Number, line.Text, null, null, null));
                planned.Add(new PlannedLine(line.Number, line.Text, SourceLineRole.Comment, null));
                continue;
            }

            // A copy of an essay paragraph (or of the lede) among the comments belongs to the essay.
            var essayMember = cluster.Members.FirstOrDefault(m => m < essayTexts.Count, -1);
            if (essayMember >= 0)
            {
                var role = essayMember == 0 ? SourceLineRole.Lede : SourceLineRole.EssayParagraph;
                planned.Add(new PlannedLine(line.Number, line.Text, role, essayTexts[essayMember].Number));
                continue;
            }

            if (cluster.Canonical == index)
            {
                comments.Add(new PlannedComment(line.Number, line.Text, null, null, null));
                planned.Add(new PlannedLine(line.Number, line.Text, SourceLineRole.Comment, null));
            }
            else
            {
                var keptLine = tail[cluster.Canonical - essayTexts.Count].Number;
                comments.Add(new PlannedComment(line.Number, line.Text, keptLine, cluster.Kind, cluster.Score));
                planned.Add(new PlannedLine(line.Number, line.Text, SourceLineRole.Comment, keptLine));
            }
        }

        var title = TitleFrom(lede.Text);
        return new ImportPlan(
            file,
            title,
            Slug.From(title),
            lede.Text,
            FindEssayAuthor(tail),
            essay,
            comments,
            [.. planned.OrderBy(l => l.Number)]);
    }

    /// <summary>
    /// The essay is the block of paragraphs after the lede that the scrape repeats right after itself.
    /// When the block that ends at the "..." cut-off line repeats, that one wins; otherwise the shortest repeated block.
    /// Without a repeat, the essay runs to the first line cut off with "..."; without that, every line is the essay.
    /// </summary>
    private static int FindEssayLength(List<ThreadLine> rest, List<string> keys, out bool hasCopy)
    {
        var cutOff = rest.FindIndex(l => EndsWithEllipsis(l.Text));
        var repeated = new List<int>();
        for (var k = 1; 2 * k <= rest.Count; k++)
        {
            var same = true;
            for (var i = 0; i < k && same; i++)
            {
                same = keys[i].Length > 0 && string.Equals(keys[i], keys[k + i], StringComparison.Ordinal);
            }

            if (same)
            {
                repeated.Add(k);
            }
        }

        if (repeated.Count > 0)
        {
            hasCopy = true;
            return cutOff >= 0 && repeated.Contains(cutOff + 1) ? cutOff + 1 : repeated[0];
        }

        hasCopy = false;
        return cutOff >= 0 ? cutOff + 1 : rest.Count;
    }

    private static bool EndsWithEllipsis(string text)
    {
        var t = text.TrimEnd();
        return t.EndsWith("...", StringComparison.Ordinal) || t.EndsWith('…');
    }

    /// <summary>The title is the lede without its closing punctuation, cut at a word boundary when long.</summary>
    private static string TitleFrom(string lede)
    {
        var title = lede.Trim().TrimEnd('.', '。', '!', '?', ' ');
        if (title.Length <= 80)
        {
            return title;
        }

        var cut = title.LastIndexOf(' ', 79);
        return string.Concat(title.AsSpan(0, cut > 20 ? cut : 79), "…");
    }

    /// <summary>
    /// Scraped threads do not name the essay's author, but comments address them ("최은창 님의 이 글").
    /// The first such mention names the author; without one the author is unknown.
    /// </summary>
    private static string? FindEssayAuthor(IEnumerable<ThreadLine> comments)
    {
        foreach (var line in comments)
        {
            var match = AuthorMention().Match(line.Text);
            if (match.Success)
            {
                return match.Groups["name"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<name>[가-힣]{2,5})\s*님의\s+(?:이\s+|이번\s+)?(?:글|칼럼|에세이)")]
    private static partial Regex AuthorMention();
}
