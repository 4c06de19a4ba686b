using ForumApp.Core.Dedup;
using ForumApp.Dedup.Evaluation;
using Xunit.Abstractions;

namespace ForumApp.Core.Tests.Dedup;

public sealed class EvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Engine_reaches_precision_099_and_recall_098_on_a_10000_line_labelled_corpus()
    {
        var corpus = CorpusGenerator.Generate(10_000);

        var report = DedupEvaluator.Evaluate(corpus, new DedupEngine().Analyze(corpus.Texts));

        output.WriteLine(report.ToString());
        Assert.True(report.Precision >= 0.99, report.ToString());
        Assert.True(report.Recall >= 0.98, report.ToString());
        Assert.True(report.HardNegatives.Rate >= 0.99, report.ToString());
    }

    [Fact]
    public void Engine_reaches_precision_099_and_recall_098_on_the_small_vocabulary_corpus_too()
    {
        // The first generator: unrelated comments share most of their syllables, the hardest case for candidates.
        var corpus = CorpusGenerator.Generate(10_000, vocabulary: CorpusVocabulary.Templated);

        var report = DedupEvaluator.Evaluate(corpus, new DedupEngine().Analyze(corpus.Texts));

        output.WriteLine(report.ToString());
        Assert.True(report.Precision >= 0.99, report.ToString());
        Assert.True(report.Recall >= 0.98, report.ToString());
        Assert.True(report.HardNegatives.Rate >= 0.99, report.ToString());
    }

    [Fact]
    public void Generator_is_deterministic_and_plants_every_kind()
    {
        var first = CorpusGenerator.Generate(3_000, seed: 7);
        var second = CorpusGenerator.Generate(3_000, seed: 7);

        Assert.Equal(first.Texts, second.Texts);
        Assert.Equal(first.Groups, second.Groups);
        Assert.All(Enum.GetValues<PlantedKind>().Where(k => k <= PlantedKind.HardNegative), kind => Assert.Contains(kind, first.Kinds));
    }

    [Fact]
    public void Evaluator_scores_a_perfect_clustering_as_one()
    {
        var corpus = new LabelledCorpus(["가", "가", "나"], [0, 0, 1], [PlantedKind.Original, PlantedKind.ExactCopy, PlantedKind.Original], [-1, 0, -1]);

        var report = DedupEvaluator.Evaluate(corpus, new DedupEngine().Analyze(corpus.Texts));

        Assert.Equal(1.0, report.Precision);
        Assert.Equal(1.0, report.Recall);
    }

    [Fact]
    public void Batch_and_online_modes_agree_on_which_texts_have_an_earlier_duplicate()
    {
        var corpus = CorpusGenerator.Generate(2_000, seed: 3);
        var result = new DedupEngine().Analyze(corpus.Texts);
        var index = new DuplicateIndex();
        var disagreements = 0;
        for (var i = 0; i < corpus.Texts.Count; i++)
        {
            var online = index.CheckAndAdd(i, corpus.Texts[i]).Count > 0;
            var batch = result.CanonicalOf(i) >= 0 && (result.CanonicalOf(i) != i || result.Clusters.Any(c => c.Canonical == i && c.Members[0] < i));
            disagreements += online == batch ? 0 : 1;
        }

        Assert.True(disagreements <= corpus.Texts.Count / 100, $"{disagreements} disagreements");
    }
}
