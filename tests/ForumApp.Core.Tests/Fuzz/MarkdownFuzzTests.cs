using AngleSharp.Html.Parser;
using CsCheck;
using ForumApp.Core.Markdown;

namespace ForumApp.Core.Tests.Fuzz;

/// <summary>
/// Issue 14: the Markdown renderer over generated nesting and random text never throws, and whatever it renders is
/// inert: only allowlisted elements and attributes, links only to http, https or mailto.
/// </summary>
public sealed partial class MarkdownFuzzTests
{
    private static readonly MarkdownRenderer Renderer = new();

    private static readonly HashSet<string> AllowedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "html", "head", "body", "p", "br", "hr", "em", "strong", "del", "s", "sub", "sup", "mark", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.OrdinalIgnoreCase) { "href", "title", "start", "align", "rel" };

    /// <summary>Pieces Markdown nests with, and pieces attackers like.</summary>
    private static readonly Gen<string> Token = Gen.OneOf<string>(
        "> ", ">", "- ", "* ", "+ ", "1. ", "  ", "    ", "\t", "\n", "\n\n", "*", "**", "_", "__", "~~", "`", "```", "[", "]", "(", ")",
        "](u)", "](https://x.example/ \"t\")", "](javascript:alert(1))", "](JaVaScRiPt:alert(1))", "](data:text/html,<script>alert(1)</script>)",
        "![", "<", ">", "&", "&#x3C;", "&#106;avascript:", "|", "|-|", "# ", "\\", "<https://x.example/>", "<javascript:alert(1)>",
        "http://x.example/", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)", "가나다", "text", "'", "\u200B", "\u3000");

    private static readonly Gen<string> Mixed = Token.Array[0, 1500].Select(string.Concat);

    /// <summary>One nesting piece repeated up to 6,000 times, then text and, sometimes, the closing pieces.</summary>
    private static readonly Gen<string> Deep = Gen.Select(
        Gen.OneOf<string>(">", "> ", "- ", "* ", "1. ", "*", "_", "**", "[", "![", "> - ", "- > ", "~~", "[*", "(", "`"),
        Gen.Int[1, 6000],
        Gen.Bool,
        (piece, depth, close) => string.Concat(Enumerable.Repeat(piece, depth)) + "본문" + (close ? string.Concat(Enumerable.Repeat(piece.Contains('[', StringComparison.Ordinal) ? "](u)" : piece.Trim(), depth)) : ""));

    [Fact]
    public void Generated_nesting_never_throws_and_renders_only_inert_HTML() =>
        Deep.Sample(AssertInert, iter: 150);

    [Fact]
    public void Mixed_Markdown_and_attack_pieces_never_throw_and_render_only_inert_HTML() =>
        Mixed.Sample(AssertInert, iter: 300);

    [Fact]
    public void Random_text_never_throws_and_renders_only_inert_HTML() =>
        Gen.String[0, 4000].Sample(AssertInert, iter: 300);

    [Fact]
    public void Random_bytes_read_as_UTF8_never_throw_and_render_only_inert_HTML() =>
        Gen.Byte.Array[0, 4000].Select(b => System.Text.Encoding.UTF8.GetString(b)).Sample(AssertInert, iter: 300);

    /// <summary>Text every check renders after the generated input: its HTML must never change.</summary>
    private const string Canary = "**굵게** *기울임* ~~취소~~ [링크](https://x.example/)\n\n> 인용\n\n- 목록\n\n|a|b|\n|-|-|\n|1|2|";

    [Fact]
    public void Rendering_any_input_leaves_the_renderer_as_it_was()
    {
        var renderer = new MarkdownRenderer();
        var expected = renderer.ToSafeHtml(Canary);
        Gen.OneOf(Deep, Mixed).Sample(markdown =>
        {
            renderer.TryToSafeHtml(markdown, out _);
            Assert.Equal(expected, renderer.ToSafeHtml(Canary));
        }, iter: 200);
    }

    [Fact]
    public void Images_nested_3000_deep_do_not_change_how_later_text_renders()
    {
        var renderer = new MarkdownRenderer();
        var expected = renderer.ToSafeHtml(Canary);

        Assert.False(renderer.TryToSafeHtml(string.Concat(Enumerable.Repeat("![", 3_000)) + "링크" + string.Concat(Enumerable.Repeat("](u)", 3_000)), out _));

        Assert.Equal(expected, renderer.ToSafeHtml(Canary));
        Assert.Contains("<strong>굵게</strong>", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_text_fallback_of_any_text_is_inert() =>
        Gen.String[0, 2000].Sample(text => AssertInertHtml(MarkdownRenderer.PlainTextHtml(text)), iter: 300);

    private static void AssertInert(string markdown)
    {
        if (Renderer.TryToSafeHtml(markdown, out var html))
        {
            AssertInertHtml(html);
        }

        AssertInertHtml(Renderer.ToSafeHtml(markdown));
    }

    private static void AssertInertHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            Assert.True(AllowedElements.Contains(element.LocalName), $"element <{element.LocalName}> in {Shorten(html)}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(AllowedAttributes.Contains(attribute.LocalName), $"attribute {attribute.LocalName} in {Shorten(html)}");
            }

            // As a browser reads it (WHATWG URL): leading/trailing C0 and spaces stripped, tabs and newlines removed.
            if (element.GetAttribute("href") is { } href
                && SchemeOf().Match(new string(href.Trim('\0', ' ', '\t', '\n', '\r', '\f').Where(c => c is not ('\t' or '\n' or '\r')).ToArray())) is { Success: true } scheme)
            {
                Assert.True(scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto", $"href {href}");
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial System.Text.RegularExpressions.Regex SchemeOf();

    private static string Shorten(string html) => html.Length <= 300 ? html : html[..300] + "…";
}
