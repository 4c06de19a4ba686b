using ForumApp.Core.Essays;

namespace ForumApp.Core.Tests.Essays;

public sealed class EssayRulesTests
{
    public static TheoryData<string?, string?, EssayProblem> Invalid => new()
    {
        { "", "본문", EssayProblem.TitleEmpty },
        { "   ", "본문", EssayProblem.TitleEmpty },
        { new string('가', EssayRules.MaxTitleLength + 1), "본문", EssayProblem.TitleTooLong },
        { "두 줄\n제목", "본문", EssayProblem.TitleControlCharacter },
        { "제목", null, EssayProblem.BodyEmpty },
        { "제목", " \n\t\u200B ", EssayProblem.BodyEmpty },
        { "제목", new string('가', EssayRules.MaxBodyLength + 1), EssayProblem.BodyTooLong },
        { "제목", "벨\u0007소리", EssayProblem.BodyControlCharacter },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_rule_names_its_problem_with_a_Korean_message(string? title, string? body, EssayProblem expected)
    {
        var problem = EssayRules.Check(title, body);

        Assert.Equal(expected, problem);
        Assert.Matches("[가-힣]", EssayRules.Message(problem!.Value));
    }

    [Fact]
    public void A_broken_character_is_refused()
    {
        // Built here: the test runner mangles lone surrogates in theory data.
        Assert.Equal(EssayProblem.BodyLoneSurrogate, EssayRules.Check("제목", "깨진" + (char)0xD800 + "문자"));
        Assert.Equal(EssayProblem.TitleControlCharacter, EssayRules.Check("깨진" + (char)0xDC00, "본문"));
    }

    [Fact]
    public void Exactly_the_longest_title_and_text_pass()
    {
        Assert.Null(EssayRules.Check(new string('가', EssayRules.MaxTitleLength), new string('나', EssayRules.MaxBodyLength)));
    }

    [Fact]
    public void Tags_are_trimmed_folded_and_deduplicated_in_order()
    {
        var (tags, problem) = EssayRules.NormalizeTags([" AI   민주화 ", "오픈소스", "ai 민주화", "오픈소스"]);

        Assert.Null(problem);
        Assert.Equal(["AI 민주화", "오픈소스"], tags);
        Assert.Equal(["AI 민주화", "오픈소스"], EssayRules.SplitTags("AI 민주화, 오픈소스,,"));
    }

    [Fact]
    public void Too_many_too_long_or_odd_tags_are_refused()
    {
        Assert.Equal(EssayProblem.TooManyTags, EssayRules.NormalizeTags(["하나", "둘", "셋", "넷", "다섯", "여섯"]).Problem);
        Assert.Equal(EssayProblem.InvalidTag, EssayRules.NormalizeTags([new string('가', EssayRules.MaxTagLength + 1)]).Problem);
        Assert.Equal(EssayProblem.InvalidTag, EssayRules.NormalizeTags(["<b>태그</b>"]).Problem);
        Assert.Equal(EssayProblem.InvalidTag, EssayRules.NormalizeTags(["   "]).Problem);
    }

    [Fact]
    public void Words_are_counted_as_Korean_readers_count_them()
    {
        Assert.Equal(4, EssayRules.CountWords("오픈소스 모델은 누구나 쓴다.\n\n"));
        Assert.Equal(0, EssayRules.CountWords("  "));
    }

    [Theory]
    [InlineData("Edit", "edit-essay")]
    [InlineData("History", "history-essay")]
    [InlineData("AI 민주화", "ai-민주화")]
    public void A_slug_never_reads_as_one_of_the_essays_own_pages(string title, string slug) => Assert.Equal(slug, Slug.From(title));
}
