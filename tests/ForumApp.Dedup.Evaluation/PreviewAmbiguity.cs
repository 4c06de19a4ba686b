using ForumApp.Core.Text;

namespace ForumApp.Dedup.Evaluation;

/// <summary>
/// Finds the planted previews no reader could attribute: the body is the start of an earlier complete text of another
/// group too (a comment and a hard negative of it that changes a word only after the cut). Such a preview duplicates
/// both; the evaluator counts it found only with its own source, and also reports recall without them.
/// </summary>
public static class PreviewAmbiguity
{
    private const int PrefixChars = 16;

    /// <summary>For each text, true when it is a planted preview that is the start of earlier texts of two groups or more.</summary>
    public static bool[] Find(LabelledCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var n = corpus.Texts.Count;
        var ambiguous = new bool[n];
        var keys = new string?[n];
        var byPrefix = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var text = corpus.Texts[i];
            if (corpus.Kinds[i] == PlantedKind.TruncatedPreview && TruncationMarkers.TryGetPreviewBody(text, out var body))
            {
                var bodyKey = TextNormalizer.ToComparisonKey(text[..body]);
                if (bodyKey.Length >= PrefixChars && byPrefix.TryGetValue(bodyKey[..PrefixChars], out var earlier))
                {
                    var groups = earlier.Where(j => keys[j]!.StartsWith(bodyKey, StringComparison.Ordinal)).Select(j => corpus.Groups[j]).Distinct().Count();
                    ambiguous[i] = groups >= 2;
                }

                continue;
            }

            var key = TextNormalizer.ToComparisonKey(text);
            if (key.Length >= PrefixChars)
            {
                keys[i] = key;
                if (!byPrefix.TryGetValue(key[..PrefixChars], out var list))
                {
                    byPrefix[key[..PrefixChars]] = list = [];
                }

                list.Add(i);
            }
        }

        return ambiguous;
    }
}
