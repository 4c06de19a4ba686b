using ForumApp.Core.Dedup;
using ForumApp.Core.Text;

namespace ForumApp.Core.Essays;

/// <summary>How an essay about to be published overlaps a published one.</summary>
public enum EssayOverlapKind
{
    /// <summary>Most of the new essay's text is the published essay's (the same essay, or a part of it).</summary>
    Duplicate,

    /// <summary>The new essay contains most of the published essay, with more of its own.</summary>
    Contains,
}

/// <summary>A published essay that an essay about to be published duplicates or contains.</summary>
/// <param name="EssayId">The published essay.</param>
/// <param name="Kind">Duplicate or contains.</param>
/// <param name="Score">The share of text found in both, in [0, 1] (of the new essay for a duplicate, of the published one for containment).</param>
public sealed record EssayOverlap(int EssayId, EssayOverlapKind Kind, double Score);

/// <summary>The paragraphs of one published essay, for <see cref="EssayOverlapFinder"/>.</summary>
/// <param name="EssayId">The essay.</param>
/// <param name="Paragraphs">Its current paragraphs' Markdown.</param>
public sealed record PublishedText(int EssayId, IReadOnlyList<string> Paragraphs);

/// <summary>
/// Runs the dedup engine over paragraphs to find published essays that a new essay duplicates or contains: every
/// published paragraph goes into the engine's online index, each paragraph of the new essay is checked against it
/// (exact copies, small edits, truncated previews), and an essay counts when at least <see cref="MinShare"/> of the
/// text (by characters) is matched: of the new essay (a duplicate) or of the published essay (contained).
/// </summary>
public static class EssayOverlapFinder
{
    /// <summary>The least share of text found in both for a warning.</summary>
    public const double MinShare = 0.8;

    /// <summary>The published essays <paramref name="paragraphs"/> duplicates or contains, the strongest first.</summary>
    public static IReadOnlyList<EssayOverlap> Find(IReadOnlyList<string> paragraphs, IEnumerable<PublishedText> published, DedupOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        ArgumentNullException.ThrowIfNull(published);
        var owners = new List<(int EssayId, int Length)>();
        var totals = new Dictionary<int, int>();
        var index = new DuplicateIndex(options, 1024);
        foreach (var essay in published)
        {
            foreach (var text in essay.Paragraphs)
            {
                var length = Weight(text);
                totals[essay.EssayId] = totals.GetValueOrDefault(essay.EssayId) + length;
                if (length > 0)
                {
                    index.Add(owners.Count, text);
                }

                owners.Add((essay.EssayId, length));
            }
        }

        var newTotal = paragraphs.Sum(Weight);
        if (newTotal == 0 || owners.Count == 0)
        {
            return [];
        }

        var coveredOld = new Dictionary<int, HashSet<int>>();
        var coveredNew = new Dictionary<int, int>();
        foreach (var text in paragraphs)
        {
            var length = Weight(text);
            if (length == 0)
            {
                continue;
            }

            var essaysHere = new HashSet<int>();
            foreach (var match in index.Check(text))
            {
                var (essayId, _) = owners[(int)match.Id];
                (coveredOld.TryGetValue(essayId, out var set) ? set : coveredOld[essayId] = []).Add((int)match.Id);
                essaysHere.Add(essayId);
            }

            foreach (var essayId in essaysHere)
            {
                coveredNew[essayId] = coveredNew.GetValueOrDefault(essayId) + length;
            }
        }

        var found = new List<EssayOverlap>();
        foreach (var (essayId, slots) in coveredOld)
        {
            var ofNew = (double)coveredNew.GetValueOrDefault(essayId) / newTotal;
            var ofOld = totals[essayId] == 0 ? 0 : (double)slots.Sum(s => owners[s].Length) / totals[essayId];
            if (ofNew >= MinShare)
            {
                found.Add(new EssayOverlap(essayId, EssayOverlapKind.Duplicate, Math.Min(1, ofNew)));
            }
            else if (ofOld >= MinShare)
            {
                found.Add(new EssayOverlap(essayId, EssayOverlapKind.Contains, Math.Min(1, ofOld)));
            }
        }

        return [.. found.OrderByDescending(f => f.Score).ThenBy(f => f.EssayId)];
    }

    private static int Weight(string text) => TextNormalizer.ToComparisonKey(text).Length;
}
