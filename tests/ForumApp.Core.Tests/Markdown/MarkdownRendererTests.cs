using ForumApp.Core.Markdown;

namespace ForumApp.Core.Tests.Markdown;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void Renders_emphasis_lists_and_quotes()
    {
        var html = _renderer.ToSafeHtml("**굵게** 그리고 *기울임*\n\n- 하나\n- 둘\n\n> 인용");

        Assert.Contains("<strong>굵게</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>기울임</em>", html, StringComparison.Ordinal);
        Assert.Contains("<li>하나</li>", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_HTML_is_shown_as_text_not_run()
    {
        var html = _renderer.ToSafeHtml("<script>alert(1)</script><img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[클릭](javascript:alert(1))")]
    [InlineData("[클릭](JaVaScRiPt:alert(1))")]
    [InlineData("[클릭](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[클릭](vbscript:msgbox(1))")]
    public void Script_and_data_links_lose_their_target(string markdown)
    {
        var html = _renderer.ToSafeHtml(markdown);

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("클릭", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_are_marked_as_user_content()
    {
        var html = _renderer.ToSafeHtml("[예시](https://example.com) 와 https://example.org");

        Assert.Contains("href=\"https://example.com\"", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("rel=\"nofollow ugc noopener\"").Length - 1);
    }

    [Fact]
    public void Nesting_deeper_than_the_renderer_allows_is_reported_not_thrown()
    {
        Assert.False(_renderer.TryToSafeHtml(new string('>', 10_000) + " 인용", out var html));
        Assert.Null(html);
        Assert.True(_renderer.TryToSafeHtml(new string('>', 50) + " 인용", out var shallow));
        Assert.Contains("<blockquote>", shallow, StringComparison.Ordinal);
    }

    [Fact]
    public void Imported_text_nested_too_deeply_is_kept_as_escaped_plain_text()
    {
        var html = _renderer.ToSafeHtml(new string('>', 10_000) + " <script>x</script>\n\n둘째");

        Assert.StartsWith("<p>&gt;&gt;&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.EndsWith("<p>둘째</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Character_references_to_control_characters_render_as_the_replacement_character()
    {
        var html = _renderer.ToSafeHtml("a&#14;b &#x7F; &#xFDD0;");

        Assert.DoesNotContain(html, c => char.IsControl(c) && c != '\n');
        Assert.Contains("a\uFFFDb", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_whose_target_was_removed_keeps_no_rel_attribute()
    {
        var html = _renderer.ToSafeHtml("[클릭](javascript:alert(1))");

        Assert.Equal("<p><a>클릭</a></p>", html.Trim());
    }

    [Fact]
    public void Blocks_are_the_top_level_paragraphs_lists_quotes_and_code_each_rendered_alone()
    {
        var blocks = _renderer.Blocks("# 제목\n\n첫 문단\n이어지는 줄\n\n- 하나\n\n- 둘\n\n> 인용\n>\n> 이어지는 인용\n\n```\n코드\n\n코드\n```\n\n[링크][1] 문단\n\n[1]: https://example.com\n");

        Assert.Equal(["# 제목", "첫 문단\n이어지는 줄", "- 하나\n\n- 둘", "> 인용\n>\n> 이어지는 인용", "```\n코드\n\n코드\n```", "[링크][1] 문단"],
            blocks.Select(b => b.Markdown));
        Assert.Contains("<h1>제목</h1>", blocks[0].Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com\"", blocks[5].Html, StringComparison.Ordinal);
    }
}
