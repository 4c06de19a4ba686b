namespace ForumApp.Core.Comments;

/// <summary>
/// One version of a comment's text. Revision 1 is the text as first posted; every edit adds the next one,
/// so the history shows who changed what and when.
/// </summary>
public class CommentRevision
{
    /// <summary>The revision row's id.</summary>
    public int Id { get; set; }

    /// <summary>The comment this is a version of.</summary>
    public int CommentId { get; set; }

    /// <summary>1 for the original text, then 2, 3, … per edit.</summary>
    public int Number { get; set; }

    /// <summary>The author who wrote this version.</summary>
    public int AuthorId { get; set; }

    /// <summary>Who wrote this version, when loaded.</summary>
    public Essays.Author? Author { get; set; }

    /// <summary>When this version was saved (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The Markdown of this version, stored form (NFC).</summary>
    public required string BodyMarkdown { get; set; }

    /// <summary>The stance this version took, or null.</summary>
    public CommentStance? Stance { get; set; }
}
