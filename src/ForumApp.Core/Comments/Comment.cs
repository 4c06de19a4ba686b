using ForumApp.Core.Essays;

namespace ForumApp.Core.Comments;

/// <summary>Whether readers see a comment.</summary>
public enum CommentStatus
{
    /// <summary>Readers see it.</summary>
    Visible,

    /// <summary>Folded into another comment (<see cref="Comment.MergedIntoId"/>); the text is kept.</summary>
    Merged,

    /// <summary>Removed by its author or a moderator; a tombstone keeps its place and its text is kept.</summary>
    Deleted,
}

/// <summary>A reply to an essay or to another comment.</summary>
public class Comment
{
    /// <summary>The comment's id, also its permalink (<c>/comments/{id}</c>).</summary>
    public int Id { get; set; }

    /// <summary>The essay the comment belongs to.</summary>
    public int EssayId { get; set; }

    /// <summary>The comment this one answers; null for a reply to the essay.</summary>
    public int? ParentId { get; set; }

    /// <summary>Who wrote it.</summary>
    public int AuthorId { get; set; }

    /// <summary>Who wrote it, when loaded.</summary>
    public Author? Author { get; set; }

    /// <summary>The text as written (NFC), in Markdown.</summary>
    public required string BodyMarkdown { get; set; }

    /// <summary>Sanitized HTML, rendered once when the text was written or imported.</summary>
    public required string BodyHtml { get; set; }

    /// <summary>When it was posted (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When its text last changed (UTC), or null.</summary>
    public DateTime? EditedAt { get; set; }

    /// <summary>Whether readers see it.</summary>
    public CommentStatus Status { get; set; }

    /// <summary>The comment it was folded into, while it is merged.</summary>
    public int? MergedIntoId { get; set; }

    /// <summary>True when a moderator, not the author, deleted the comment: the tombstone says so.</summary>
    public bool DeletedByModerator { get; set; }

    /// <summary>The thread file an imported comment came from.</summary>
    public string? SourceFile { get; set; }

    /// <summary>1-based line in <see cref="SourceFile"/>.</summary>
    public int? SourceLine { get; set; }

    /// <summary>Hash of the comparison key (see <c>TextNormalizer.ToComparisonKey</c>), for exact-duplicate checks.</summary>
    public long ContentHash { get; set; }

    /// <summary>Optimistic concurrency token: bumped on every change.</summary>
    public int Version { get; set; }

    /// <summary>The essay's paragraph this reply is anchored to (a stable paragraph id), or null.</summary>
    public int? ParagraphId { get; set; }

    /// <summary>찬성, 반대, 질문 or 보충, or null.</summary>
    public CommentStance? Stance { get; set; }

    /// <summary>The essay's revision when the comment was posted: the text it answered.</summary>
    public int EssayRevision { get; set; } = 1;
}
