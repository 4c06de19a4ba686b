using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

/// <summary>
/// In a batch, the corpus's own word counts tell a slip from another word. Each test puts the two texts among other
/// comments that use the words in question, so that the corpus knows them.
/// </summary>
public sealed class CorpusEvidenceTests
{
    private static readonly string[] s_fillers =
    [
        "요즘 날씨가 정말 추워졌네요", "주말에 가족과 영화를 봤어요", "회사 근처에 새 식당이 생겼어요",
        "어제 산 책을 벌써 다 읽었어요", "이번 시험은 생각보다 어려웠어요", "아침마다 공원을 한 바퀴 돌아요",
        "친구가 추천한 노래를 들었어요", "지하철이 오늘따라 붐볐어요",
    ];

    /// <summary>Comments that use each word (8 each), then the texts of the test.</summary>
    private static List<string> Corpus(string[] words, params string[] texts)
    {
        var corpus = words.SelectMany(w => s_fillers.Select(f => $"{f}. {w} 이야기는 처음 들어요")).ToList();
        corpus.AddRange(texts);
        return corpus;
    }

    private static bool Together(IReadOnlyList<DuplicateCluster> clusters, int first, int second) =>
        clusters.Any(c => c.Members.Contains(first) && c.Members.Contains(second));

    [Theory]
    [InlineData("강아지는", "강은", "정리가 잘 되어 있네요. 강아지는 준비하기 어려워요. 이어폰은 시원하다고 생각합니다.", "정리가 잘 되어 있네요. 강은 준비하기 어려워요. 이어폰은 시원하다고 생각합니다.")]
    [InlineData("가르치는데", "가는데", "어제 학교에서 동생을 가르치는데 정말 즐거웠어요. 다음에도 해 볼게요.", "어제 학교에서 동생을 가는데 정말 즐거웠어요. 다음에도 해 볼게요.")]
    public void A_word_shortened_by_two_syllables_to_another_word_of_the_corpus_is_another_comment(string word, string other, string first, string second)
    {
        var corpus = Corpus([word, other], first, second);

        var clusters = new DedupEngine().FindClusters(corpus);

        Assert.False(Together(clusters, corpus.Count - 2, corpus.Count - 1));
    }

    [Fact]
    public void A_repost_with_one_syllable_left_out_of_a_word_is_a_duplicate_even_when_another_word_is_left()
    {
        // 약국을 → 약을: a slip that happens to spell another word. One syllable is what a hand leaves out.
        var corpus = Corpus(["약국을", "약을"], "퇴근길에 약국을 들렀는데 문이 닫혀 있었어요. 내일 다시 가 봐야겠어요.", "퇴근길에 약을 들렀는데 문이 닫혀 있었어요. 내일 다시 가 봐야겠어요.");

        var clusters = new DedupEngine().FindClusters(corpus);

        Assert.True(Together(clusters, corpus.Count - 2, corpus.Count - 1));
    }

    [Theory]
    [InlineData("달아요", "달라요", "잘 읽었습니다. 이 집 떡볶이는 생각보다 달아요. 다음 글도 기대합니다.", "잘 읽었습니다. 이 집 떡볶이는 생각보다 달라요. 다음 글도 기대합니다.")]
    [InlineData("강의를", "강아지를", "공유해 주셔서 고마워요. 주말에 강의를 한번 들어 보세요. 후기 기다릴게요.", "공유해 주셔서 고마워요. 주말에 강아지를 한번 들어 보세요. 후기 기다릴게요.")]
    public void Words_made_of_ending_syllables_are_not_another_ending_of_the_same_word(string word, string other, string first, string second)
    {
        var corpus = Corpus([word, other], first, second);

        var clusters = new DedupEngine().FindClusters(corpus);

        Assert.False(Together(clusters, corpus.Count - 2, corpus.Count - 1));
    }

    [Fact]
    public void A_word_used_often_is_not_a_slip_of_a_stock_word_used_far_more()
    {
        // 좋은 is in every other stock phrase; 높은 is far rarer, but too common to be a slip of it (two jamo off).
        var corpus = Enumerable.Range(0, 5_000).Select(i => $"좋은 글 {i}").Concat(Enumerable.Range(0, 72).Select(i => $"높은 산 {i}")).ToList();
        corpus.Add("이 동네에는 좋은 건물이 많아서 구경하기 재미있어요.");
        corpus.Add("이 동네에는 높은 건물이 많아서 구경하기 재미있어요.");

        var clusters = new DedupEngine().FindClusters(corpus);

        Assert.False(Together(clusters, corpus.Count - 2, corpus.Count - 1));
    }

    [Fact]
    public void A_slip_that_spells_another_word_is_a_slip_when_the_copy_carries_plain_slips_elsewhere()
    {
        // 맛있어요/멋있어요: one close jamo, and both words the corpus uses. Alone it is another comment; in a re-post
        // that also has 꼼꼼헤요 for 꼼꼼해요, the writer's hand made both.
        const string first = "좋은 글 감사합니다. 녹차가 쌌는데 방학은 꼼꼼해요. 건강은 선택하기 맛있어요.";
        var corpus = Corpus(["맛있어요", "멋있어요"], first, "좋은 글 감사합니다. 녹차가 쌌는데 방학은 꼼꼼헤요. 건강은 선택하기 멋있어요.");
        var alone = Corpus(["맛있어요", "멋있어요"], first, "좋은 글 감사합니다. 녹차가 쌌는데 방학은 꼼꼼해요. 건강은 선택하기 멋있어요.");

        var clusters = new DedupEngine().FindClusters(corpus);
        var aloneClusters = new DedupEngine().FindClusters(alone);

        Assert.True(Together(clusters, corpus.Count - 2, corpus.Count - 1));
        Assert.False(Together(aloneClusters, alone.Count - 2, alone.Count - 1));
    }
}
