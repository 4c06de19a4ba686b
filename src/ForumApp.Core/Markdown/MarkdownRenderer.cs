using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace ForumApp.Core.Markdown;

/// <summary>
/// Turns user Markdown into safe HTML. Runs once when text is written or imported; pages show the stored result.
/// </summary>
public sealed class MarkdownRenderer
{
    private const int PooledPipelines = 16;

    // Pipelines are lent to one render at a time and a pipeline whose render threw is never used again: Markdig
    // returns its parser state to the pipeline's cache even when the depth limit throws, and after some inputs
    // ("![" nested 3,000 deep) that state is left dirty, so every later render through the same pipeline lost its
    // emphasis (found by the fuzz tests). One refused comment must not change how everyone else's text renders.
    private readonly ConcurrentBag<MarkdownPipeline> _pipelines = [];

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>
    /// Renders <paramref name="markdown"/> and removes everything outside the allowlist. Text nested deeper than the
    /// renderer allows (see <see cref="TryToSafeHtml"/>) is shown as plain text instead: imported text is never lost.
    /// </summary>
    public string ToSafeHtml(string markdown) =>
        TryToSafeHtml(markdown, out var html) ? html : PlainTextHtml(markdown);

    /// <summary>
    /// Renders <paramref name="markdown"/> and removes everything outside the allowlist; false when the text nests
    /// quotes, lists, emphasis or links deeper than Markdig's depth limit (about 128 levels), which Markdig reports
    /// by throwing. People writing get a clear refusal (<c>CommentProblem.TooDeeplyNested</c>) instead of an error.
    /// </summary>
    public bool TryToSafeHtml(string markdown, [NotNullWhen(true)] out string? html)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        html = TryWithPipeline(pipeline => Markdig.Markdown.ToHtml(markdown, pipeline), out var rendered)
            ? WithoutForbiddenCodePoints(_sanitizer.Sanitize(rendered))
            : null;
        return html is not null;
    }

    /// <summary>
    /// The text of <paramref name="markdown"/> without its markup (for search and page descriptions); text nested
    /// deeper than the renderer allows is returned as written.
    /// </summary>
    public string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return TryWithPipeline(pipeline => Markdig.Markdown.ToPlainText(markdown, pipeline), out var text) ? text.Trim() : markdown;
    }

    /// <summary>
    /// The top-level blocks of <paramref name="markdown"/> (paragraphs, headings, lists, quotes, code, tables) as their
    /// Markdown source, each with its own safe HTML: the paragraphs of an essay. Link reference definitions are not
    /// blocks of their own; every block is rendered with them, so a reference link still resolves. Text nested deeper
    /// than the renderer allows is one block shown as plain text (as <see cref="ToSafeHtml"/> does).
    /// </summary>
    public IReadOnlyList<MarkdownBlock> Blocks(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (!TryWithPipeline(pipeline => Markdig.Markdown.Parse(markdown, pipeline), out var document))
        {
            return markdown.Trim().Length == 0 ? [] : [new MarkdownBlock(markdown.Trim('\n', '\r'), PlainTextHtml(markdown))];
        }

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

    /// <summary>The text as escaped paragraphs with line breaks: no Markdown at all.</summary>
    public static string PlainTextHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Concat(paragraphs.Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"));
    }

    /// <summary>
    /// Control characters other than tab, line feed and carriage return, and Unicode noncharacters, are not allowed in
    /// HTML. People cannot type them (CommentRules refuses them), but a character reference can name them ("&amp;#14;"),
    /// and Markdig decodes it: they become U+FFFD, as the HTML parser would make of them.
    /// </summary>
    public static string WithoutForbiddenCodePoints(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.Any(IsForbidden) ? new string([.. html.Select(c => IsForbidden(c) ? '\uFFFD' : c)]) : html;

        static bool IsForbidden(char c) =>
            (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF';
    }

    // Lends a pooled pipeline to one piece of work. Markdig reports text nested deeper than its depth limit by throwing
    // ("Markdown elements in the input are too deeply nested", an ArgumentException): then false, and the pipeline is
    // dropped, never returned (its parser state may be dirty, see the pool's comment).
    private bool TryWithPipeline<T>(Func<MarkdownPipeline, T> work, [NotNullWhen(true)] out T? result)
        where T : class
    {
        var pipeline = _pipelines.TryTake(out var pooled) ? pooled : BuildPipeline();
        try
        {
            result = work(pipeline);
        }
        catch (Exception e) when (e is ArgumentException or InsufficientExecutionStackException)
        {
            result = null;
            return false;
        }

        if (_pipelines.Count < PooledPipelines)
        {
            _pipelines.Add(pipeline);
        }

        return true;
    }

    private static MarkdownPipeline BuildPipeline() => new MarkdownPipelineBuilder()
        .DisableHtml() // raw HTML is shown as text, never interpreted
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

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
            // A link whose target the sanitizer removed (javascript:, data:) stays as a placeholder <a> without rel:
            // rel without href is invalid HTML (the Nu checker's finding).
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && link.HasAttribute("href"))
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
