using ForumApp.Core.Essays;

namespace ForumApp.Core.Tests.Essays;

public sealed class SlugTests
{
    [Theory]
    [InlineData("AI 민주화에 '민주적 가치' 불어넣기", "ai-민주화에-민주적-가치-불어넣기")]
    [InlineData("  Hello, World!  ", "hello-world")]
    [InlineData("!!!", "essay")]
    public void Keeps_letters_of_any_script_and_joins_words_with_hyphens(string title, string slug) =>
        Assert.Equal(slug, Slug.From(title));

    [Fact]
    public void Long_titles_are_cut()
    {
        Assert.True(Slug.From(new string('가', 500)).Length <= 60);
    }
}
