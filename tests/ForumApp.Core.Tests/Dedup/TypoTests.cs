using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

/// <summary>A re-post with its typos fixed (or made) is the same comment; another word in the same slot is not.</summary>
public sealed class TypoTests
{
    private static DuplicateMatch? Relate(string first, string second)
    {
        var index = new DuplicateIndex();
        index.Add(1, first);
        return index.Check(second).SingleOrDefault();
    }

    [Theory]
    [InlineData("어제 도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요", "어제 도서관에서 빌린 책을 다 읽었는데 정말 재미잇었어요")] // ㅆ → ㅅ, shift missed
    [InlineData("어제 도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요", "어제 도서관에서 빌린 책을 다 읽었는데 정멀 재미있었어요")] // ㅏ → ㅓ, the key next to it
    [InlineData("어제 도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요", "어제 도서도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요")] // typed twice
    [InlineData("어제 도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요", "어제 도관에서 빌린 책을 다 읽었는데 정말 재미있었어요")] // a syllable left out
    [InlineData("어제 도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요", "어제 도서관에서빌린 책을 다읽었는데 정말 재미 있었어요")] // spacing
    [InlineData("어제 도서관에서 빌린 책을 다 읽었는데 정말 재미있었어요", "어제 도서곤에서 빌린 책을 다 읽었는데 정말 재미있었어요요")] // two typos at once
    public void A_repost_with_typos_in_its_key_words_is_a_near_duplicate(string original, string repost)
    {
        var match = Relate(original, repost);

        Assert.NotNull(match);
        Assert.Equal(DuplicateKind.Near, match.Kind);
    }

    [Theory]
    [InlineData("주말에 친구와 공원에 가서 자전거를 탔어요", "주말에 친구와 공원에 가서 자전거를 잤어요")] // ㅌ/ㅈ: far apart on the keyboard
    [InlineData("이번 달부터 헬스장 이용료가 무료로 바뀌었습니다", "이번 달부터 헬스장 이용료가 유료로 바뀌었습니다")] // ㅁ/ㅇ: not neighbours
    [InlineData("새로 산 가방이 생각보다 귀여워서 매일 들고 다녀요", "새로 산 가방이 생각보다 가벼워서 매일 들고 다녀요")]
    [InlineData("회의 자료는 이미 공유했으니 확인해 주세요", "회의 자료는 아마 공유했으니 확인해 주세요")] // every syllable of the word changed
    [InlineData("퇴근길에 읽었어요. 방학에서 경험을 탔어요.", "퇴근길에 읽었어요. 방학에서 경험을 샀어요.")]
    public void Another_word_in_the_same_slot_is_not_a_duplicate(string first, string second)
    {
        Assert.Null(Relate(first, second));
    }

    [Theory]
    [InlineData("칭찬과 의사를 잤습니다.", "칭찬과 의샤를 잤습니다.")]
    [InlineData("칭찬과 의사를 잤습니다.", "칭찬과의사를 잤습니다")]
    [InlineData("칭찬과 의사를 잤습니다.", "칭찬과 의샤를 잤슴니다.")] // two slips: the rules took it since round 2 (three typos at most); the candidates now find it too
    public void A_short_comment_with_typos_or_other_spacing_still_matches(string original, string repost)
    {
        Assert.NotNull(Relate(original, repost));
    }

    [Theory]
    [InlineData("좋은 글이네요", "좋은 글이에요")] // short and generic: only identical copies
    [InlineData("칭찬과 의사를 잤습니다.", "칭찬과 의사를 탔습니다.")]
    public void A_short_comment_with_another_word_or_a_generic_one_does_not_match(string first, string second)
    {
        Assert.Null(Relate(first, second));
    }

    [Fact]
    public void Typo_model_counts_neighbour_keys_doubled_and_dropped_syllables_and_rejects_other_words()
    {
        Assert.Equal(1, TypoModel.Count("정말", "정멀"));   // ㅏ → ㅓ
        Assert.Equal(1, TypoModel.Count("합니다", "함니다")); // ㅂ → ㅁ, the key below
        Assert.Equal(1, TypoModel.Count("기다릴게요", "기다릴께요")); // shift
        Assert.Equal(1, TypoModel.Count("생각", "생생각"));
        Assert.Equal(1, TypoModel.Count("도서관", "도관"));
        Assert.Equal(1, TypoModel.Count("really", "realy"));
        Assert.Equal(TypoModel.NotATypo, TypoModel.Count("무료", "유료"));
        Assert.Equal(TypoModel.NotATypo, TypoModel.Count("탔어요", "잤어요"));
        Assert.Equal(TypoModel.NotATypo, TypoModel.Count("서울", "부산"));
        Assert.Equal(TypoModel.NotATypo, TypoModel.Count("agree", "disagree"));
    }
}
