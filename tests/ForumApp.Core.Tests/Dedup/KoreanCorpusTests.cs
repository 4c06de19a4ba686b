using ForumApp.Core.Dedup;
using ForumApp.Dedup.Evaluation;
using Xunit.Abstractions;

namespace ForumApp.Core.Tests.Dedup;

/// <summary>The engine on the Korean corpus: real words, typo-fixed re-posts and key-word swaps.</summary>
public sealed class KoreanCorpusTests(ITestOutputHelper output)
{
    private static readonly LabelledCorpus s_corpus = CorpusGenerator.Generate(20_000, seed: 11, vocabulary: CorpusVocabulary.Korean);

    private static readonly Lazy<EvaluationReport> s_report = new(() => DedupEvaluator.Evaluate(s_corpus, new DedupEngine().Analyze(s_corpus.Texts)));

    [Theory]
    [InlineData(PlantedKind.ExactCopy, 1.0)]
    [InlineData(PlantedKind.NfdCopy, 0.999)]
    [InlineData(PlantedKind.NoiseCopy, 0.999)]
    [InlineData(PlantedKind.TruncatedPreview, 0.95)]
    [InlineData(PlantedKind.JamoTypo, 0.98)]
    [InlineData(PlantedKind.DoubledSyllable, 0.98)]
    [InlineData(PlantedKind.DroppedSyllable, 0.98)]
    [InlineData(PlantedKind.SpacingChange, 0.98)]
    [InlineData(PlantedKind.MixedTypos, 0.98)]
    public void Reposts_of_each_kind_are_found(PlantedKind kind, double least)
    {
        var report = s_report.Value;
        output.WriteLine(report.ToString());

        var recall = report.RecallOf(kind);

        Assert.NotNull(recall);
        Assert.True(recall.Rate >= least, report.ToString());
    }

    [Fact]
    public void Comments_that_put_other_words_in_the_same_template_stay_apart()
    {
        var report = s_report.Value;

        Assert.True(report.HardNegatives.Rate >= 0.995, report.ToString());
        Assert.True(report.Precision >= 0.995, report.ToString());
    }

    [Fact]
    public void Generator_uses_real_words_and_plants_every_kind_deterministically()
    {
        var first = CorpusGenerator.Generate(5_000, seed: 3, vocabulary: CorpusVocabulary.Korean);
        var second = CorpusGenerator.Generate(5_000, seed: 3, vocabulary: CorpusVocabulary.Korean);

        Assert.Equal(first.Texts, second.Texts);
        foreach (var kind in new[] { PlantedKind.JamoTypo, PlantedKind.DoubledSyllable, PlantedKind.DroppedSyllable, PlantedKind.SpacingChange, PlantedKind.MixedTypos, PlantedKind.KeyWordSwap, PlantedKind.RedrawnKeyWords })
        {
            Assert.Contains(kind, first.Kinds);
        }

        Assert.True(KoreanLexicon.Default.Nouns.Count >= 300);
        Assert.True(KoreanLexicon.Default.Verbs.Count + KoreanLexicon.Default.Adjectives.Count >= 200);
    }

    [Fact]
    public void Another_word_list_gives_another_corpus_of_the_same_kinds()
    {
        var words = KoreanLexicon.Parse("N 사과 바나나 포도 수박\nV 먹:먹어 사:사\nA 달:달아:단 시:셔:신\nD 정말 조금");

        var corpus = CorpusGenerator.Generate(2_000, seed: 1, words);

        Assert.Contains(corpus.Texts, t => t.Contains("바나나", StringComparison.Ordinal));
        Assert.DoesNotContain(corpus.Texts, t => t.Contains("도서관", StringComparison.Ordinal));
    }
}

public sealed class HangulTests
{
    [Fact]
    public void Particles_and_endings_follow_the_final_consonant()
    {
        Assert.Equal("은", Hangul.Particle("책", "은", "는"));
        Assert.Equal("는", Hangul.Particle("커피", "은", "는"));
        Assert.Equal("로", Hangul.Particle("서울", "으로", "로"));
        Assert.Equal("먹습니다", Hangul.Formal("먹"));
        Assert.Equal("만듭니다", Hangul.Formal("만들"));
        Assert.Equal("갔", Hangul.Past("가"));
    }

    [Fact]
    public void Neighbouring_keys_are_those_next_to_it_on_the_two_set_keyboard()
    {
        Assert.Equal(['ㅁ', 'ㅇ', 'ㅈ', 'ㄷ', 'ㅋ', 'ㅌ'], HangulTypos.Neighbours('ㄴ'));
        Assert.Contains('ㅓ', HangulTypos.Neighbours('ㅏ'));
        Assert.DoesNotContain('ㅛ', HangulTypos.Neighbours('ㅅ')); // the other hand: no syllable would come of it
    }
}
