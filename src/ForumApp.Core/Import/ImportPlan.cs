using ForumApp.Core.Dedup;
using ForumApp.Core.Essays;

namespace ForumApp.Core.Import;

/// <summary>What one line of a thread file becomes.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Text">The line (NFC).</param>
/// <param name="Role">Lede, essay paragraph or comment.</param>
/// <param name="DuplicateOfLine">For a repeated copy: the line that is kept.</param>
public sealed record PlannedLine(int Number, string Text, SourceLineRole Role, int? DuplicateOfLine);

/// <summary>A comment to create. Copies are created too, as merged records pointing at the kept one.</summary>
/// <param name="Line">1-based source line.</param>
/// <param name="Text">The text (NFC).</param>
/// <param name="MergedIntoLine">For a copy: the source line of the comment it was folded into.</param>
/// <param name="Kind">For a copy: how it duplicates the kept comment.</param>
/// <param name="Score">For a copy: the engine's score.</param>
public sealed record PlannedComment(int Line, string Text, int? MergedIntoLine, DuplicateKind? Kind, double? Score);

/// <summary>How a thread file will be imported; pure data, stored in one transaction by the data layer.</summary>
public sealed record ImportPlan(
    ThreadFile File,
    string Title,
    string Slug,
    string Lede,
    string? AuthorName,
    IReadOnlyList<ThreadLine> EssayParagraphs,
    IReadOnlyList<PlannedComment> Comments,
    IReadOnlyList<PlannedLine> Lines)
{
    /// <summary>The essay body as Markdown: its distinct paragraphs, in order.</summary>
    public string BodyMarkdown => string.Join("\n\n", EssayParagraphs.Select(p => p.Text));

    /// <summary>Copies that were collapsed, essay paragraphs and comments together.</summary>
    public int CollapsedCount => Lines.Count(l => l.DuplicateOfLine is not null);
}
