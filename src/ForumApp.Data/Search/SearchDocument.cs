namespace ForumApp.Data.Search;

/// <summary>
/// One searchable text: a published essay (title and body) or a visible comment of one, as the tokens of
/// <see cref="Core.Search.SearchText"/>. Its id is derived from what it stands for (<see cref="ForComment"/>,
/// <see cref="ForEssay"/>), so writing it again replaces it. SQLite indexes <see cref="Tokens"/> in the FTS5 table
/// "SearchIndex" (kept in step by triggers), PostgreSQL in the generated tsvector column "Vector" with a GIN index;
/// both are made by the migration's SQL, outside the EF model.
/// </summary>
public sealed class SearchDocument
{
    /// <summary>2 × comment id for a comment, 2 × essay id + 1 for an essay.</summary>
    public long Id { get; set; }

    /// <summary>The essay (of the comment).</summary>
    public int EssayId { get; set; }

    /// <summary>The comment; null for the essay itself.</summary>
    public int? CommentId { get; set; }

    /// <summary>The text's tokens joined by spaces.</summary>
    public required string Tokens { get; set; }

    /// <summary>The id of a comment's document.</summary>
    public static long ForComment(int commentId) => 2L * commentId;

    /// <summary>The id of an essay's document.</summary>
    public static long ForEssay(int essayId) => (2L * essayId) + 1;
}
