using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace ForumApp.Core.Markdown;

/// <summary>
/// Turns user Markdown into safe HTML. Runs once when text is written or imported; pages show the stored result.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml() // raw HTML is shown as text, never interpreted
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>Renders <paramref name="markdown"/> and removes everything outside the allowlist.</summary>
    public string ToSafeHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = Markdig.Markdown.ToHtml(markdown, _pipeline);
        return _sanitizer.Sanitize(html);
    }

    /// <summary>The text of <paramref name="markdown"/> without its markup (for search and page descriptions).</summary>
    public string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return Markdig.Markdown.ToPlainText(markdown, _pipeline).Trim();
    }

    /// <summary>
    /// The top-level blocks of <paramref name="markdown"/> (paragraphs, headings, lists, quotes, code, tables) as their
    /// Markdown source, each with its own safe HTML: the paragraphs of an essay. Link reference definitions are not
    /// blocks of their own; every block is rendered with them, so a reference link still resolves.
    /// </summary>
    public IReadOnlyList<MarkdownBlock> Blocks(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        var sources = new List<string>();
        var definitions = new List<string>();
        foreach (var block in document)
        {
            if (block is LinkReferenceDefinitionGroup group)
            {
                // The group's span does not cover its definitions alone: write them out again.
                definitions.AddRange(group.OfType<LinkReferenceDefinition>().Select(Definition));
            }
            else if (Source(markdown, block) is { Length: > 0 } source)
            {
                sources.Add(source);
            }
        }

        var suffix = definitions.Count == 0 ? "" : "\n\n" + string.Join("\n", definitions);
        return [.. sources.Select(source => new MarkdownBlock(source, ToSafeHtml(source + suffix)))];
    }

    private static string Definition(LinkReferenceDefinition definition) =>
        $"[{definition.Label}]: <{definition.Url}>" + (string.IsNullOrEmpty(definition.Title) ? "" : $" \"{definition.Title.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");

    private static string Source(string markdown, Block block)
    {
        var start = Math.Clamp(block.Span.Start, 0, markdown.Length);
        var end = Math.Clamp(block.Span.End, start - 1, markdown.Length - 1);
        return markdown.Substring(start, end - start + 1).Trim('\n', '\r');
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "em", "strong", "del", "s", "sub", "sup", "mark", "code", "pre", "blockquote",
                "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
                "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start", "align" },
            // Markdig's DisableHtml still lets javascript: and data: through in link targets: only these survive.
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow ugc noopener");
            }
        };
        return sanitizer;
    }
}

/// <summary>One top-level block of a Markdown text: its source and its safe HTML.</summary>
/// <param name="Markdown">The block's Markdown source.</param>
/// <param name="Html">The block rendered and sanitized.</param>
public sealed record MarkdownBlock(string Markdown, string Html);
