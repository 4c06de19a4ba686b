namespace ForumApp.Core.Comments;

/// <summary>
/// One version of a comment's text. Revision 1 is the text as first posted; every edit adds the next one,
/// so the history shows who changed what and when.
/// </summary>
public class CommentRevision
{
    public int Id { get; set; }

    public int CommentId { get; set; }

    /// <summary>1 for the original text, then 2, 3, … per edit.</summary>
    public int Number { get; set; }

    /// <summary>The author who wrote this version.</summary>
    public int AuthorId { get; set; }

    public Essays.Author? Author { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The Markdown of this version, stored form (NFC).</summary>
    public required string BodyMarkdown { get; set; }
}
