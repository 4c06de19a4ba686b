using System.Text;
using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

public sealed class DuplicateRulesTests
{
    private static DuplicateMatch? Relate(string first, string second)
    {
        var index = new DuplicateIndex();
        index.Add(1, first);
        return index.Check(second).SingleOrDefault();
    }

    [Theory]
    [InlineData("잘 읽었습니다.", "잘 봤습니다. 다음 글도 기대합니다.")]
    [InlineData("이 기능은 실제 업무에서 정말 쓸모가 있다고 생각합니다", "이 기능은 실제 업무에서 정말 쓸모가 없다고 생각합니다")]
    [InlineData("저는 매일 아침 운동을 한다고 말씀드렸습니다", "저는 매일 아침 운동을 안 한다고 말씀드렸습니다")]
    [InlineData("이번 업데이트 이후로 앱이 훨씬 빨라져서 좋습니다", "이번 업데이트 이후로 앱이 훨씬 빨라지지 않아서 아쉽습니다")]
    [InlineData("서울에서 열리는 개발자 행사에 꼭 참석하고 싶습니다", "부산에서 열리는 개발자 행사에 꼭 참석하고 싶습니다")]
    [InlineData("이 글의 결론 부분은 정말 공감이 됩니다 감사합니다", "이 글의 서론 부분은 정말 공감이 됩니다 감사합니다")]
    [InlineData("2022년 12월 6일에 열린 세미나 자료를 공유합니다", "2023년 12월 6일에 열린 세미나 자료를 공유합니다")]
    [InlineData("I really agree with the point about open platforms", "I really disagree with the point about open platforms")]
    [InlineData("I think this is a good idea for the whole community", "I think this is not a good idea for the whole community")]
    [InlineData("좋은 글이네요", "좋은 글이에요")]
    [InlineData("주말에 가족과 함께 새로 생긴 도서관에 갑니다", "주말에 가족과 함께 새로 생긴 도서관에 안 갑니다")]
    [InlineData("주말에 가족과 함께 새로 생긴 도서관에 안 갑니다 안경도 챙겨서", "주말에 가족과 함께 새로 생긴 도서관에 갑니다 안경도 챙겨서")]
    public void Hard_negatives_do_not_match(string first, string second)
    {
        Assert.Null(Relate(first, second));
    }

    [Theory]
    [InlineData("AI 민주화의 필요성은 누구에게나 AI 기술의 접근성을 제공하는 것입니다", "AI 민주화의 필요성은 누구에게나 AI 기술의 접근성을 제공하는 것임니다")]
    [InlineData("AI 민주화의 필요성은 누구에게나 AI 기술의 접근성을 제공하는 것입니다", "AI민주화의 필요성은 누구에게나 AI기술의 접근성을 제공하는것입니다 ㅋㅋ")]
    [InlineData("두 생태계에서의 AI의 모습이 정말 궁금하네요 다음 글도 기다릴게요", "두 생태계에서의 AI의 모습이 정말 궁굼하네요 다음 글도 기다릴께요")]
    [InlineData("I really agree with the point about open platforms here", "I realy agree with the point about open platforms here!!")]
    [InlineData("주말에 새로 산 안경을 쓰고 도서관에 다녀왔습니다", "주말에 새로 산 안 경을 쓰고 도서관에 다녀왔습니다")]
    [InlineData("주말에 가족과 함께 새로 생긴 도서관에 안 갑니다", "주말에 가족과 함께 새로 생긴 도서관에 안갑니다")]
    [InlineData("주말에 친구들과 함께 마라톤을 완주했는데 정말 뿌듯했어요", "주말에 친구들과 함께 마마라톤을 완주했는데 정말 뿌듯했어요")]
    public void Small_edits_match_as_near_duplicates(string first, string second)
    {
        var match = Relate(first, second);

        Assert.NotNull(match);
        Assert.Equal(DuplicateKind.Near, match.Kind);
        Assert.InRange(match.Score, 0.8, 1.0);
    }

    [Fact]
    public void Invisible_noise_and_nfd_copies_match_exactly()
    {
        const string text = "저도 계속 팔로우하면서 의견 나누고 싶네요.";
        var noisy = "\uFEFF저도\u200B 계속\u00A0팔로우하면서  의견 나누고 싶네요．";

        Assert.Equal(DuplicateKind.Exact, Relate(text, noisy)?.Kind);
        Assert.Equal(DuplicateKind.Exact, Relate(text, text.Normalize(NormalizationForm.FormD))?.Kind);
    }

    [Theory]
    [InlineData("...")]
    [InlineData("… 더 보기")]
    [InlineData(" See more")]
    [InlineData("... 더보기")]
    public void Truncated_previews_are_contained_in_the_full_text(string marker)
    {
        const string full = "지금 빅테크들의 비즈니스 전략에서 그 빙하기에 무너진 IT 공룡들의 그림자가 보이네요.";
        var preview = full[..30] + marker;

        var match = Relate(full, preview);

        Assert.NotNull(match);
        Assert.Equal(DuplicateKind.Contained, match.Kind);
        Assert.Equal(1.0, match.Score);
    }

    [Fact]
    public void Short_generic_texts_match_only_when_identical()
    {
        Assert.Equal(DuplicateKind.Exact, Relate("감사합니다!", "감사합니다")?.Kind);
        Assert.Null(Relate("감사합니다", "감사해요"));
        Assert.Null(Relate("좋은 글 감사...", "좋은 글 감사합니다 많이 배웠어요"));
    }
}

public sealed class EndingVariationTests
{
    [Theory]
    [InlineData("인공지능의 민주화는 모두가 도구를 쓸 수 있게 하는 일입니다.", "인공지능의 민주화는 모두가 도구를 쓸 수 있게 하는 일이다.")]
    [InlineData("저는 이 글의 결론에 대체로 동의한다고 생각합니다.", "저는 이 글의 결론에 대체로 동의한다고 생각해요.")]
    public void The_same_statement_with_another_sentence_ending_is_a_near_duplicate(string a, string b)
    {
        var engine = new ForumApp.Core.Dedup.DedupEngine();

        var cluster = Assert.Single(engine.FindClusters([a, b]));

        Assert.Equal(ForumApp.Core.Dedup.DuplicateKind.Near, cluster.Kind);
    }

    [Theory]
    [InlineData("저는 이 글의 결론에 대체로 동의한다고 생각합니다.", "저는 이 글의 결론에 대체로 동의하지 않는다고 생각합니다.")]
    [InlineData("오픈소스 모델이 AI 민주화의 핵심이라고 봅니다.", "빅테크 플랫폼이 AI 민주화의 핵심이라고 봅니다.")]
    public void Another_ending_rule_does_not_let_negations_or_other_key_words_through(string a, string b)
    {
        Assert.Empty(new ForumApp.Core.Dedup.DedupEngine().FindClusters([a, b]));
    }
}

public sealed class FusedEndingTests
{
    [Fact]
    public void Hamnida_and_handa_are_the_same_ending()
    {
        var cluster = Assert.Single(new ForumApp.Core.Dedup.DedupEngine().FindClusters(
            ["민주화된 인공지능은 누구나 쓸 수 있어야 합니다.", "민주화된 인공지능은 누구나 쓸 수 있어야 한다."]));

        Assert.Equal(ForumApp.Core.Dedup.DuplicateKind.Near, cluster.Kind);
    }
}
