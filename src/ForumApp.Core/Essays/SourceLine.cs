namespace ForumApp.Core.Essays;

/// <summary>What a line of an imported thread file became.</summary>
public enum SourceLineRole
{
    /// <summary>The thread's date line.</summary>
    Date,
    /// <summary>The essay's introducing sentence.</summary>
    Lede,
    /// <summary>A paragraph of the essay.</summary>
    EssayParagraph,
    /// <summary>A comment (or a repeated copy of one).</summary>
    Comment,
}

/// <summary>
/// One line of an imported thread file and what it became. Nothing scraped is thrown away:
/// a repeated copy is recorded here with the line it repeats.
/// </summary>
public class SourceLine
{
    /// <summary>The row's id.</summary>
    public int Id { get; set; }

    /// <summary>The essay the file became.</summary>
    public int EssayId { get; set; }

    /// <summary>The thread file's name.</summary>
    public required string SourceFile { get; set; }

    /// <summary>1-based line number in <see cref="SourceFile"/>.</summary>
    public int LineNumber { get; set; }

    /// <summary>What the line became.</summary>
    public SourceLineRole Role { get; set; }

    /// <summary>The line as it was in the file (NFC).</summary>
    public required string Text { get; set; }

    /// <summary>For a repeated copy: the line number of the copy that was kept.</summary>
    public int? DuplicateOfLine { get; set; }

    /// <summary>For a comment line: the comment it became.</summary>
    public int? CommentId { get; set; }
}
