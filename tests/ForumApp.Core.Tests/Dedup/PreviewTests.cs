using System.Text;
using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

/// <summary>Truncated previews ("…더보기") are grouped with the comment they cut.</summary>
public sealed class PreviewTests
{
    [Fact]
    public void A_preview_cut_inside_a_syllable_of_decomposed_text_is_grouped_with_its_comment()
    {
        // macOS sends NFD; a preview cut by characters may keep a syllable's first jamo alone (ᄋ of 안).
        const string comment = "싱거운 논문을 주문하고 싶어요. 홈페이지를 가는 사람이 어렵네요. 안경과 약속을 주문했습니다.";
        var nfd = comment.Normalize(NormalizationForm.FormD);
        var preview = nfd[..nfd.IndexOf("안경과".Normalize(NormalizationForm.FormD), StringComparison.Ordinal)] + "\u110B… 더 보기";

        var cluster = Assert.Single(new DedupEngine().FindClusters([comment, preview]));

        Assert.Equal(DuplicateKind.Contained, cluster.Kind);
    }

    [Theory]
    [InlineData("(더보기)")] // decomposed with the rest of the text: still the marker
    [InlineData("..．")]     // a full-width dot among the dots
    public void A_decomposed_or_noisy_copy_of_a_preview_is_grouped_with_the_comment(string marker)
    {
        const string comment = "저도 비슷한 생각입니다. 블로그가 작고 춥습니다. 요즘 의사가 진짜 가깝네요. 요즘 도로가 진짜 작네요.";
        var preview = "저도 비슷한 생각입니다. 블로그가 작고 춥습니다. 요즘 의사가 진짜 가깝네요. 요즘" + marker;

        var cluster = Assert.Single(new DedupEngine().FindClusters([comment, preview.Normalize(NormalizationForm.FormD)]));

        Assert.Equal(DuplicateKind.Contained, cluster.Kind);
    }

    [Fact]
    public void A_preview_that_starts_two_comments_is_grouped_with_the_newer()
    {
        // The two comments differ only after the cut: the preview is the start of both, and the newer is the one a
        // reader has just seen.
        string[] texts =
        [
            "정리가 잘 되어 있네요. 발표는 자주 가볍습니다. 요즘 자유가 벌써 적네요. 지난번에 여행을 배웠는데 계속 좋았습니다.",
            "정리가 잘 되어 있네요. 발표는 자주 가볍습니다. 요즘 자유가 벌써 적네요. 지난번에 여행을 배웠는데 계속 멀었습니다.",
            "정리가 잘 되어 있네요. 발표는 자주 가볍습니다. 요즘 자유가 벌써 적네요. 지난번에…",
        ];

        var cluster = Assert.Single(new DedupEngine().FindClusters(texts));

        Assert.Equal([1, 2], cluster.Members);
    }
}
