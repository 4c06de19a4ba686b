using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ForumApp.Web.Tests.Localization;

/// <summary>
/// The Korean UI text left on a page: the body's text and its readable attributes (aria-label, title, placeholder,
/// alt, value of buttons), outside user content (elements marked <c>data-user-content</c>: titles, names, bodies,
/// tags) and the language switch (a language's own name, marked with <c>hreflang</c>).
/// </summary>
internal static class EnglishPageText
{
    private static readonly string[] s_readableAttributes = ["aria-label", "title", "placeholder", "alt", "data-new-comments", "data-waiting-text"];

    public static IReadOnlyList<string> KoreanUiText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("[data-user-content], [hreflang], script, style, template").ToList())
        {
            element.Remove();
        }

        var found = new List<string>();
        var body = document.Body!;
        foreach (var node in body.Descendants().OfType<IText>())
        {
            if (UiSources.Hangul().IsMatch(node.Data))
            {
                found.Add(node.Data.Trim());
            }
        }

        foreach (var element in body.QuerySelectorAll("*"))
        {
            foreach (var name in s_readableAttributes)
            {
                if (element.GetAttribute(name) is { } value && UiSources.Hangul().IsMatch(value))
                {
                    found.Add($"{element.LocalName}[{name}=\"{value}\"]");
                }
            }
        }

        return found;
    }
}
