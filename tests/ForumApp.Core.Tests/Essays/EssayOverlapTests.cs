using ForumApp.Core.Essays;

namespace ForumApp.Core.Tests.Essays;

/// <summary>The dedup engine over paragraphs: a new essay that duplicates or contains a published one.</summary>
public sealed class EssayOverlapTests
{
    private static readonly string[] s_published =
    [
        "오픈소스 모델은 누구나 내려받아 쓸 수 있다는 점에서 민주화의 출발점이라고 생각합니다.",
        "하지만 컴퓨팅 자원은 여전히 소수의 기업에 몰려 있어서 접근성이 떨어집니다.",
        "그래서 공공 인프라로서의 컴퓨팅이 필요하다는 주장이 나옵니다.",
    ];

    private static readonly PublishedText[] s_forum =
    [
        new(1, s_published),
        new(2, ["전혀 다른 주제의 글입니다. 한국 교육 제도의 변화에 대해 이야기합니다.", "입시 위주의 교육이 문제라는 지적이 많습니다."]),
    ];

    [Fact]
    public void A_copy_with_small_edits_is_a_duplicate_of_the_published_essay()
    {
        var found = EssayOverlapFinder.Find(
            [s_published[0], s_published[1].Replace("소수의 기업", "소수 기업", StringComparison.Ordinal), s_published[2]], s_forum);

        var overlap = Assert.Single(found);
        Assert.Equal(1, overlap.EssayId);
        Assert.Equal(EssayOverlapKind.Duplicate, overlap.Kind);
    }

    [Fact]
    public void An_essay_that_quotes_a_whole_published_one_and_adds_more_contains_it()
    {
        var longer = s_published.Concat([
            "여기서부터는 새로 쓴 내용입니다. 지역 대학과 연구소가 함께 쓸 수 있는 공동 계산 센터를 제안합니다.",
            "운영 비용은 사용량에 따라 나누고, 연구 결과는 모두 공개하는 조건을 붙입니다.",
            "이런 방식이라면 작은 연구실도 큰 모델을 실험해 볼 수 있습니다.",
            "마지막으로 교육 과정에 실습 시간을 늘려야 한다는 점을 덧붙입니다.",
        ]).ToArray();

        var overlap = Assert.Single(EssayOverlapFinder.Find(longer, s_forum));

        Assert.Equal(EssayOverlapKind.Contains, overlap.Kind);
        Assert.Equal(1, overlap.EssayId);
    }

    [Fact]
    public void An_essay_on_the_same_topic_in_other_words_is_no_duplicate()
    {
        Assert.Empty(EssayOverlapFinder.Find(
            ["AI를 모두가 쓰려면 값싼 계산 자원과 공개된 모델, 그리고 교육이 함께 가야 합니다.", "저는 특히 교육이 가장 느리게 바뀐다고 봅니다."], s_forum));
    }
}
