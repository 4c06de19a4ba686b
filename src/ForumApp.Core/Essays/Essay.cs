namespace ForumApp.Core.Essays;

/// <summary>Who sees an essay.</summary>
public enum EssayStatus
{
    /// <summary>Being written: only its author (and moderators) see it.</summary>
    Draft,

    /// <summary>On the list and open to everyone.</summary>
    Published,

    /// <summary>Taken down by a moderator: off the list and hidden from readers, its discussion kept intact.</summary>
    Unpublished,
}

/// <summary>An essay under debate.</summary>
public class Essay
{
    /// <summary>The essay's id, the stable part of its address.</summary>
    public int Id { get; set; }

    /// <summary>URL segment derived from the title; only cosmetic, the id finds the essay.</summary>
    public required string Slug { get; set; }

    /// <summary>The title shown on the list and the page.</summary>
    public required string Title { get; set; }

    /// <summary>The sentence that introduces the essay.</summary>
    public required string Lede { get; set; }

    /// <summary>The essay as written, in Markdown.</summary>
    public required string BodyMarkdown { get; set; }

    /// <summary>Sanitized HTML rendered once from <see cref="BodyMarkdown"/> when the essay was written or imported.</summary>
    public required string BodyHtml { get; set; }

    /// <summary>Who wrote it.</summary>
    public int AuthorId { get; set; }

    /// <summary>Who wrote it, when loaded.</summary>
    public Author? Author { get; set; }

    /// <summary>When it was published (UTC); the date readers see.</summary>
    public DateTime PublishedAt { get; set; }

    /// <summary>BCP 47 language tag of the text, "ko" for the seed.</summary>
    public string Language { get; set; } = "ko";

    /// <summary>Where the essay came from: the thread file name for imports, null when written here.</summary>
    public string? SourceFile { get; set; }

    /// <summary>Hash of the imported file's bytes; importing the same bytes again creates nothing.</summary>
    public string? SourceHash { get; set; }

    /// <summary>When the row was made (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Visible comments, kept up to date when comments are written, merged or deleted.</summary>
    public int CommentCount { get; set; }

    /// <summary>When the newest visible comment was posted (UTC), or null: the list's "most active" order. Derived like <see cref="CommentCount"/>.</summary>
    public DateTime? LastCommentAt { get; set; }

    /// <summary>Draft, published or unpublished. Imported essays are published.</summary>
    public EssayStatus Status { get; set; } = EssayStatus.Published;

    /// <summary>The number of the current revision (1 for a new or imported essay); every saved edit of a published essay adds one.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>When the current revision was saved (UTC), or null for an essay never revised.</summary>
    public DateTime? RevisedAt { get; set; }
}
