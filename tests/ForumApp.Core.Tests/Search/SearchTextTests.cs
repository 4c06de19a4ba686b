using System.Text;
using ForumApp.Core.Search;

namespace ForumApp.Core.Tests.Search;

public sealed class SearchTextTests
{
    [Fact]
    public void Hangul_becomes_the_first_syllable_and_bigrams_and_latin_words_lower_case()
    {
        Assert.Equal("민 민주 주화 화는 ai 2024 년 플 플랫 랫폼 폼을", SearchText.ToIndexText("민주화는 AI, 2024년 플랫폼을!"));
    }

    [Fact]
    public void Decomposed_full_width_and_zero_width_text_gives_the_same_tokens()
    {
        var plain = SearchText.ToIndexText("격차 AI");
        Assert.Equal(plain, SearchText.ToIndexText("격차 AI".Normalize(NormalizationForm.FormD)));
        Assert.Equal(plain, SearchText.ToIndexText("격\u200B차 \uFF21\uFF29"));
        Assert.Equal(plain, SearchText.ToIndexText("\uFEFF격\u200D차 a\u00ADi"));
    }

    [Theory]
    [InlineData("격차", "\"격차\"")]
    [InlineData("민주화", "\"민주 주화\"")]
    [InlineData("민", "\"민\"")]
    [InlineData("Google", "\"google\"*")]
    [InlineData("플랫폼 AI", "\"플랫 랫폼\" AND \"ai\"*")]
    public void A_query_is_a_phrase_of_bigrams_per_korean_word_and_a_prefix_per_latin_word(string query, string fts5)
    {
        Assert.True(SearchQuery.TryParse(query, out var parsed, out _));
        Assert.Equal(fts5, parsed.ToFts5());
    }

    [Fact]
    public void The_postgresql_query_has_the_same_terms()
    {
        Assert.True(SearchQuery.TryParse("민주화 AI 격", out var parsed, out _));
        Assert.Equal("('민주' <-> '주화') & 'ai':* & ('격')", parsed.ToTsQuery());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("?!… ~~")]
    public void Empty_and_wordless_queries_are_refused(string query)
    {
        Assert.False(SearchQuery.TryParse(query, out _, out var refusal));
        Assert.NotEmpty(refusal);
    }

    [Fact]
    public void A_query_over_the_limit_is_refused()
    {
        Assert.False(SearchQuery.TryParse(new string('가', SearchQuery.MaxLength + 1), out _, out var refusal));
        Assert.Contains("200자", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snippet_marks_matches_and_encodes_everything_else()
    {
        Assert.True(SearchQuery.TryParse("플랫폼 ai", out var query, out _));

        var html = SearchSnippet.Build("<b>AI</b> 시대의 플랫폼을 & 규제", query);

        Assert.Equal("&lt;b&gt;<mark>AI</mark>&lt;/b&gt; 시대의 <mark>플랫폼</mark>을 &amp; 규제", html);
    }

    [Fact]
    public void A_snippet_marks_decomposed_and_zero_width_text_whole()
    {
        Assert.True(SearchQuery.TryParse("격차", out var query, out _));
        var nfd = "격차".Normalize(NormalizationForm.FormD);

        Assert.Equal($"소득 <mark>{nfd}</mark>가", SearchSnippet.Build($"소득 {nfd}가", query));
        Assert.Equal("<mark>격\u200B차</mark>", SearchSnippet.Build("격\u200B차", query));
    }

    [Fact]
    public void A_long_text_is_cut_around_the_first_match()
    {
        Assert.True(SearchQuery.TryParse("결론", out var query, out _));
        var text = string.Concat(Enumerable.Repeat("아주 긴 서론입니다. ", 40)) + "결론은 간단합니다." + string.Concat(Enumerable.Repeat(" 덧붙임", 40));

        var html = SearchSnippet.Build(text, query);

        Assert.StartsWith("…", html, StringComparison.Ordinal);
        Assert.EndsWith("…", html, StringComparison.Ordinal);
        Assert.Contains("<mark>결론</mark>", html, StringComparison.Ordinal);
        Assert.True(html.Length < SearchSnippet.DefaultLength + 40);
    }

    [Fact]
    public void A_one_syllable_query_marks_only_word_starts()
    {
        Assert.True(SearchQuery.TryParse("시", out var query, out _));

        Assert.Equal("<mark>시</mark>장과 도시", SearchSnippet.Build("시장과 도시", query));
    }
}
