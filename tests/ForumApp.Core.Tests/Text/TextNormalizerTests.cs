using System.Text;
using CsCheck;
using ForumApp.Core.Text;

namespace ForumApp.Core.Tests.Text;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Decomposed_hangul_gets_the_same_key_as_precomposed()
    {
        const string text = "잘 읽었습니다. 다음 글도 기대합니다";
        var nfd = text.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(text, nfd);

        Assert.Equal(TextNormalizer.ToComparisonKey(text), TextNormalizer.ToComparisonKey(nfd));
    }

    [Fact]
    public void Invisible_characters_full_width_forms_and_case_are_folded()
    {
        var noisy = "\uFEFF좋은\u200B 글\u00AD이네요\uFF01\u3000ＡＩ\u00A0Ｄｅｍｏｃｒａｃｙ  !!";

        Assert.Equal("좋은 글이네요 ai democracy", TextNormalizer.ToComparisonKey(noisy));
    }

    [Fact]
    public void Runs_of_whitespace_punctuation_and_emoji_fold_to_one_space_and_are_trimmed()
    {
        Assert.Equal("정말 좋아요 최고", TextNormalizer.ToComparisonKey("  ...정말,  좋아요!!! 😀👍🏻 최고~~ "));
    }

    [Fact]
    public void Combining_accents_compose_like_precomposed_latin()
    {
        Assert.Equal(TextNormalizer.ToComparisonKey("Café"), TextNormalizer.ToComparisonKey("Cafe\u0301"));
        Assert.Equal("café", TextNormalizer.ToComparisonKey("CAFÉ"));
    }

    [Theory]
    [InlineData("1.000,00", "1 000,00")]
    [InlineData("1.000,00", "1,000.00")]
    [InlineData("3:2로 이겼다", "3/2로 이겼다")]
    [InlineData("010-1234-5678", "010 1234 5678")]
    [InlineData("1·5배", "1 5배")]
    public void Punctuation_between_digits_is_kept_so_different_numbers_differ(string a, string b)
    {
        Assert.False(TextNormalizer.SameText(a, b));
    }

    [Fact]
    public void Punctuation_between_digits_is_folded_like_other_text_but_kept_in_place()
    {
        Assert.Equal("가격은 1.000,00 유로", TextNormalizer.ToComparisonKey("가격은 1.000,00 유로!!"));
        Assert.Equal("1.5", TextNormalizer.ToComparisonKey("１．５"));
        Assert.Equal("1 5", TextNormalizer.ToComparisonKey("1 . 5"));
        Assert.Equal("2022 12 06", TextNormalizer.ToComparisonKey("(2022) (12) (06)"));
    }

    [Fact]
    public void Compatibility_jamo_laughter_is_kept_as_text()
    {
        Assert.Equal("ㅋㅋㅋ 웃기네요", TextNormalizer.ToComparisonKey("ㅋㅋㅋ 웃기네요"));
    }

    [Fact]
    public void Key_is_idempotent_and_never_longer_than_the_nfc_text_for_any_input()
    {
        Gen.String.Sample(s =>
        {
            var key = TextNormalizer.ToComparisonKey(s);
            return key == TextNormalizer.ToComparisonKey(key)
                && key.Length <= s.Normalize(NormalizationForm.FormC).Length
                && !key.StartsWith(' ') && !key.EndsWith(' ') && !key.Contains("  ", StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Fast_path_agrees_with_normalizing_first_on_korean_like_input()
    {
        var chars = Gen.OneOf(
            Gen.Char['가', '힣'], Gen.Char[' ', '~'], Gen.Char['ㄱ', 'ㅣ'], Gen.Char['\u1100', '\u1175'],
            Gen.Char['\u11A8', '\u11C2'], Gen.Const('\u200B'), Gen.Const('\uFEFF'), Gen.Char['！', '～'], Gen.Const('\u0301'));
        chars.Array[0, 40].Select(a => new string(a)).Sample(s =>
            TextNormalizer.ToComparisonKey(s) == TextNormalizer.ToComparisonKey(s.Normalize(NormalizationForm.FormC)));
    }

    [Theory]
    [InlineData("요즘 이런 글이 정말 좋네요...", "요즘 이런 글이 정말 좋네요")]
    [InlineData("요즘 이런 글이 정말 좋네요… 더 보기", "요즘 이런 글이 정말 좋네요")]
    [InlineData("This is what I think about it See more", "This is what I think about it")]
    [InlineData("요즘 이런 글이 정말 좋네요 (더보기)", "요즘 이런 글이 정말 좋네요")]
    [InlineData("Read the whole thing... Read more", "Read the whole thing")]
    public void Truncation_markers_are_recognised_and_stripped(string text, string body)
    {
        Assert.True(TruncationMarkers.TryGetPreviewBody(text, out var length));
        Assert.Equal(body, text[..length]);
    }

    [Theory]
    [InlineData("요즘 이런 글이 정말 좋네요.")]
    [InlineData("I want more")]
    [InlineData("...")]
    public void Complete_texts_are_not_previews(string text)
    {
        Assert.False(TruncationMarkers.TryGetPreviewBody(text, out _));
    }
}
