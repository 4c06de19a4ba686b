using System.Globalization;
using System.Text;
using ForumApp.Core.Dedup;

namespace ForumApp.Dedup.Evaluation;

/// <summary>Precision and recall for one slice of the pairs.</summary>
/// <param name="Name">The slice: a planted kind (recall) or a reported kind (precision).</param>
/// <param name="Correct">Pairs that are right.</param>
/// <param name="Total">Pairs in the slice.</param>
public sealed record SliceMetric(string Name, long Correct, long Total)
{
    /// <summary>Correct / Total (1 when the slice is empty).</summary>
    public double Rate => Total == 0 ? 1 : (double)Correct / Total;
}

/// <summary>The quality of a dedup run against a labelled corpus.</summary>
/// <param name="Precision">Pairwise precision: pairs put in one cluster that are truly duplicates.</param>
/// <param name="Recall">Pairwise recall: duplicate pairs that were put in one cluster.</param>
/// <param name="TruePairs">Duplicate pairs in the ground truth.</param>
/// <param name="PredictedPairs">Pairs in the reported clusters.</param>
/// <param name="RecallByPlantedKind">For each planted kind, the share of (copy, source) pairs found.</param>
/// <param name="PrecisionByReportedKind">For each reported kind, the share of (member, canonical) pairs that are true duplicates.</param>
/// <param name="HardNegatives">(hard negative, template source) pairs kept apart, out of all of them.</param>
/// <param name="HardNegativesByKind">The same per kind of hard negative (<see cref="PlantedKind.HardNegative"/>,
/// <see cref="PlantedKind.KeyWordSwap"/>, <see cref="PlantedKind.RedrawnKeyWords"/>).</param>
public sealed record EvaluationReport(
    double Precision, double Recall, long TruePairs, long PredictedPairs,
    IReadOnlyList<SliceMetric> RecallByPlantedKind, IReadOnlyList<SliceMetric> PrecisionByReportedKind, SliceMetric HardNegatives,
    IReadOnlyList<SliceMetric> HardNegativesByKind)
{
    /// <summary>The recall of one planted kind, or null when the corpus has none.</summary>
    public SliceMetric? RecallOf(PlantedKind kind) => RecallByPlantedKind.FirstOrDefault(m => m.Name == kind.ToString());

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>A readable multi-line report.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"pairwise precision {Precision:0.0000}  recall {Recall:0.0000}  F1 {F1:0.0000}  (true pairs {TruePairs:N0}, predicted pairs {PredictedPairs:N0})");
        foreach (var m in RecallByPlantedKind)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  recall    {m.Name,-16} {m.Rate:0.0000}  ({m.Correct:N0}/{m.Total:N0})");
        }

        foreach (var m in PrecisionByReportedKind)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  precision {m.Name,-16} {m.Rate:0.0000}  ({m.Correct:N0}/{m.Total:N0})");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"  hard negatives kept apart {HardNegatives.Rate:0.0000}  ({HardNegatives.Correct:N0}/{HardNegatives.Total:N0}; merged {HardNegatives.Total - HardNegatives.Correct:N0})");
        foreach (var m in HardNegativesByKind)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {m.Name,-16} kept apart {m.Rate:0.0000}  ({m.Correct:N0}/{m.Total:N0}; merged {m.Total - m.Correct:N0})");
        }

        return sb.ToString();
    }
}

/// <summary>Scores a <see cref="DedupResult"/> against the ground truth of a <see cref="LabelledCorpus"/>.</summary>
public static class DedupEvaluator
{
    /// <summary>Computes pairwise precision, recall and F1, overall and per kind.</summary>
    public static EvaluationReport Evaluate(LabelledCorpus corpus, DedupResult result)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Count != corpus.Texts.Count)
        {
            throw new ArgumentException("The result is for a different corpus.", nameof(result));
        }

        return Evaluate(corpus, result.CanonicalOf, result.KindOf);
    }

    /// <summary>
    /// Scores clusters reported by anything (the <c>dedup FILE --json</c> command, another tool): member indexes refer
    /// to <paramref name="corpus"/>'s texts; each member's kind is its cluster's.
    /// </summary>
    public static EvaluationReport Evaluate(LabelledCorpus corpus, IEnumerable<DuplicateCluster> clusters)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(clusters);
        var canonical = new int[corpus.Texts.Count];
        var kinds = new DuplicateKind[canonical.Length];
        Array.Fill(canonical, -1);
        foreach (var cluster in clusters)
        {
            foreach (var member in cluster.Members)
            {
                canonical[member] = cluster.Canonical;
                kinds[member] = member == cluster.Canonical ? DuplicateKind.Exact : cluster.Kind;
            }
        }

        return Evaluate(corpus, i => canonical[i], i => kinds[i]);
    }

    private static EvaluationReport Evaluate(LabelledCorpus corpus, Func<int, int> canonicalOf, Func<int, DuplicateKind> kindOf)
    {
        var n = corpus.Texts.Count;

        // Pairwise counts from the contingency table of (predicted cluster, true group).
        var cells = new Dictionary<(int, int), long>();
        var predicted = new Dictionary<int, long>();
        var truth = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            var cluster = canonicalOf(i) >= 0 ? canonicalOf(i) : -1 - i;
            var group = corpus.Groups[i];
            cells[(cluster, group)] = cells.GetValueOrDefault((cluster, group)) + 1;
            predicted[cluster] = predicted.GetValueOrDefault(cluster) + 1;
            truth[group] = truth.GetValueOrDefault(group) + 1;
        }

        static long Pairs(long k) => k * (k - 1) / 2;
        var correct = cells.Values.Sum(Pairs);
        var predictedPairs = predicted.Values.Sum(Pairs);
        var truePairs = truth.Values.Sum(Pairs);

        var recall = new Dictionary<PlantedKind, (long Found, long Total)>();
        var negatives = new Dictionary<PlantedKind, (long Apart, long Total)>();
        var ambiguous = PreviewAmbiguity.Find(corpus);
        (long Found, long Total) attributable = (0, 0);
        for (var i = 0; i < n; i++)
        {
            var kind = corpus.Kinds[i];
            var source = corpus.Sources[i];
            if (source < 0)
            {
                continue;
            }

            var together = canonicalOf(i) >= 0 && canonicalOf(i) == canonicalOf(source);
            if (IsHardNegative(kind))
            {
                if (corpus.Groups[i] != corpus.Groups[source])
                {
                    var (apart, all) = negatives.GetValueOrDefault(kind);
                    negatives[kind] = (apart + (together ? 0 : 1), all + 1);
                }

                continue;
            }

            var (found, total) = recall.GetValueOrDefault(kind);
            recall[kind] = (found + (together ? 1 : 0), total + 1);
            if (kind == PlantedKind.TruncatedPreview && !ambiguous[i])
            {
                attributable = (attributable.Found + (together ? 1 : 0), attributable.Total + 1);
            }
        }

        var precision = new Dictionary<DuplicateKind, (long Right, long Total)>();
        for (var i = 0; i < n; i++)
        {
            var canonical = canonicalOf(i);
            if (canonical < 0 || canonical == i)
            {
                continue;
            }

            var kind = kindOf(i);
            var (right, total) = precision.GetValueOrDefault(kind);
            precision[kind] = (right + (corpus.Groups[i] == corpus.Groups[canonical] ? 1 : 0), total + 1);
        }

        return new EvaluationReport(
            predictedPairs == 0 ? 1 : (double)correct / predictedPairs,
            truePairs == 0 ? 1 : (double)correct / truePairs,
            truePairs,
            predictedPairs,
            [.. recall.OrderBy(r => r.Key).SelectMany(r => r.Key == PlantedKind.TruncatedPreview
                ? new[] { new SliceMetric(r.Key.ToString(), r.Value.Found, r.Value.Total), new SliceMetric(AttributablePreviews, attributable.Found, attributable.Total) }
                : [new SliceMetric(r.Key.ToString(), r.Value.Found, r.Value.Total)])],
            [.. precision.OrderBy(p => p.Key).Select(p => new SliceMetric(p.Key.ToString(), p.Value.Right, p.Value.Total))],
            new SliceMetric("HardNegatives", negatives.Values.Sum(v => v.Apart), negatives.Values.Sum(v => v.Total)),
            [.. negatives.OrderBy(r => r.Key).Select(r => new SliceMetric(r.Key.ToString(), r.Value.Apart, r.Value.Total))]);
    }

    /// <summary>
    /// The recall slice of the previews that are the start of one earlier text only (see <see cref="PreviewAmbiguity"/>):
    /// the others duplicate two comments, and joining either is what a reader would do.
    /// </summary>
    public const string AttributablePreviews = "  of one text";

    /// <summary>True for the planted kinds that are not duplicates of their source.</summary>
    public static bool IsHardNegative(PlantedKind kind) =>
        kind is PlantedKind.HardNegative or PlantedKind.KeyWordSwap or PlantedKind.RedrawnKeyWords;
}
