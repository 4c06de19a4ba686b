using ForumApp.Core.Text;

namespace ForumApp.Core.Essays;

/// <summary>A paragraph of the revision before, with its stable id.</summary>
/// <param name="Id">The paragraph's stable id.</param>
/// <param name="Text">Its Markdown.</param>
public sealed record IdentifiedParagraph(int Id, string Text);

/// <summary>
/// Decides which paragraphs of a new revision carry over the id of a paragraph of the revision before, so that replies
/// anchored to a paragraph stay with it. In order of preference: the same text (exactly, then the same up to spacing
/// and punctuation), then the most similar remaining paragraph when it is mostly the same text (character-bigram
/// Dice similarity at least <see cref="SimilarityThreshold"/>), taking the new paragraphs in reading order. Everything
/// else is a new paragraph with a new id, never one used before.
/// </summary>
public static class ParagraphAlignment
{
    /// <summary>The least similarity for an edited paragraph to keep its id: "mostly the same text".</summary>
    public const double SimilarityThreshold = 0.6;

    // Above this many comparisons a new paragraph is only compared with old ones near its place in the text.
    private const long FullComparisonLimit = 250_000;
    private const int Window = 250;

    /// <summary>
    /// The ids of <paramref name="after"/>'s paragraphs, in order. <paramref name="nextId"/> is the first id never given
    /// in this essay (it is raised above every id of <paramref name="before"/> if needed).
    /// </summary>
    public static IReadOnlyList<int> Assign(IReadOnlyList<IdentifiedParagraph> before, IReadOnlyList<string> after, int nextId, double threshold = SimilarityThreshold)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var ids = new int[after.Count];
        var used = new bool[before.Count];
        nextId = Math.Max(nextId, before.Count == 0 ? 1 : before.Max(p => p.Id) + 1);

        MatchEqual(before, after, ids, used, t => t.Trim());
        var beforeKeys = before.Select(p => TextNormalizer.ToComparisonKey(p.Text)).ToArray();
        var afterKeys = after.Select(TextNormalizer.ToComparisonKey).ToArray();
        MatchEqual(before, after, ids, used, null, beforeKeys, afterKeys);
        MatchSimilar(before, after, ids, used, beforeKeys, afterKeys, threshold);

        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == 0)
            {
                ids[i] = nextId++;
            }
        }

        return ids;
    }

    /// <summary>Character-bigram Dice similarity of two comparison keys, in [0, 1].</summary>
    public static double Similarity(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Dice(Profile(TextNormalizer.ToComparisonKey(a)), Profile(TextNormalizer.ToComparisonKey(b)));
    }

    private static void MatchEqual(
        IReadOnlyList<IdentifiedParagraph> before, IReadOnlyList<string> after, int[] ids, bool[] used,
        Func<string, string>? form, string[]? beforeKeys = null, string[]? afterKeys = null)
    {
        var waiting = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        for (var j = 0; j < before.Count; j++)
        {
            if (!used[j])
            {
                var key = form is null ? beforeKeys![j] : form(before[j].Text);
                if (!waiting.TryGetValue(key, out var queue))
                {
                    waiting[key] = queue = new Queue<int>();
                }

                queue.Enqueue(j);
            }
        }

        for (var i = 0; i < after.Count; i++)
        {
            var key = form is null ? afterKeys![i] : form(after[i]);
            if (ids[i] == 0 && (form is not null || key.Length > 0) && waiting.TryGetValue(key, out var queue) && queue.TryDequeue(out var j))
            {
                ids[i] = before[j].Id;
                used[j] = true;
            }
        }
    }

    private static void MatchSimilar(
        IReadOnlyList<IdentifiedParagraph> before, IReadOnlyList<string> after, int[] ids, bool[] used,
        string[] beforeKeys, string[] afterKeys, double threshold)
    {
        var open = Enumerable.Range(0, before.Count).Where(j => !used[j]).ToList();
        var waiting = Enumerable.Range(0, after.Count).Where(i => ids[i] == 0).ToList();
        if (open.Count == 0 || waiting.Count == 0)
        {
            return;
        }

        var profiles = new Dictionary<int, int[]>();
        var windowed = (long)open.Count * waiting.Count > FullComparisonLimit;
        foreach (var i in waiting)
        {
            var mine = Profile(afterKeys[i]);
            var expected = after.Count <= 1 ? 0 : (double)i * (before.Count - 1) / (after.Count - 1);
            var best = -1;
            var bestScore = -1.0;
            var bestDistance = double.MaxValue;
            foreach (var j in open)
            {
                var distance = Math.Abs(j - expected);
                if (used[j] || (windowed && distance > Window))
                {
                    continue;
                }

                if (!profiles.TryGetValue(j, out var theirs))
                {
                    profiles[j] = theirs = Profile(beforeKeys[j]);
                }

                // The most similar wins; between equally similar ones, the one nearest the new paragraph's place.
                var score = Dice(mine, theirs);
                if (score >= threshold && (score > bestScore || (score == bestScore && distance < bestDistance)))
                {
                    (best, bestScore, bestDistance) = (j, score, distance);
                }
            }

            if (best >= 0)
            {
                ids[i] = before[best].Id;
                used[best] = true;
            }
        }
    }

    // The sorted character bigrams of a key (its characters, for a key of one character).
    private static int[] Profile(string key)
    {
        if (key.Length < 2)
        {
            return [.. key.Select(c => (int)c)];
        }

        var grams = new int[key.Length - 1];
        for (var i = 0; i < grams.Length; i++)
        {
            grams[i] = (key[i] << 16) | key[i + 1];
        }

        Array.Sort(grams);
        return grams;
    }

    private static double Dice(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * common / (a.Length + b.Length);
    }
}
