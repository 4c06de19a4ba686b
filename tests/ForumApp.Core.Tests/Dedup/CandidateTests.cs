using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

/// <summary>Which indexed texts a new one is compared with: the copies a crowd of look-alikes must not hide.</summary>
public sealed class CandidateTests
{
    private static readonly string[] s_nouns =
    [
        "공원", "도서관", "시장", "영화", "노래", "식당", "학교", "회사", "버스", "기차", "바다", "여행", "커피", "사진", "편지",
        "운동", "요리", "날씨", "가방", "신발", "우산", "의자", "책상", "전화", "시계", "자전거", "고양이", "강아지", "선물", "음악",
    ];

    [Fact]
    public void A_typo_copy_is_found_behind_hundreds_of_comments_that_open_and_close_alike()
    {
        // The copy's slips break most of the shingles it shares with its source; they still share three LSH bands. The
        // opener, closer and last clause they keep are in the 900 comments in between too, which crowd the chains of
        // the bands drawn from them; those must not use up the checks before the band only the source shares.
        const string source = "퇴근길에 읽었어요. 댓글을 추천하는 사진은 지루해요. 후기 기다릴게요.";
        const string copy = "퇴근길에 읽었어요. 댓긒을 천하늨 사진은 지루해요. 후기 기다릴게요.";
        var index = new DuplicateIndex();
        index.Add(1, source);
        var id = 100L;
        foreach (var first in s_nouns)
        {
            foreach (var second in s_nouns)
            {
                index.Add(id++, $"퇴근길에 읽었어요. {first}에서 {second}을 봤는데 사진은 지루해요. 후기 기다릴게요.");
            }
        }

        var matches = index.Check(copy);

        Assert.Contains(matches, m => m.Id == 1);
    }
}
