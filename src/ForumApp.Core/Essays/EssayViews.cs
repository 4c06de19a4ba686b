using ForumApp.Core.Comments;

namespace ForumApp.Core.Essays;

/// <summary>An essay as listed on the home page and in the API.</summary>
public sealed record EssaySummary(
    int Id,
    string Slug,
    string Title,
    string AuthorName,
    DateTime PublishedAt,
    string Excerpt,
    int CommentCount)
{
    /// <summary>Its topic labels.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>"공감" per comment readers see (merged copies counted on the kept one, each person once); absent means 0.</summary>
    public IReadOnlyDictionary<int, int> CommentReactions { get; init; } = new Dictionary<int, int>();

    /// <summary>"공감" on the essay itself.</summary>
    public int ReactionCount { get; init; }

    /// <summary>The "공감" count of a comment (0 when none).</summary>
    public int ReactionsOf(int commentId) => CommentReactions.GetValueOrDefault(commentId);

    /// <summary>Visible replies per stance.</summary>
    public StanceCounts Stances { get; init; } = StanceCounts.None;

    /// <summary>When the newest visible comment was posted, or null.</summary>
    public DateTime? LastCommentAt { get; init; }

    /// <summary>The essay's status (the author's own list shows drafts and unpublished essays too).</summary>
    public EssayStatus Status { get; init; } = EssayStatus.Published;

    /// <summary>The current revision.</summary>
    public int Revision { get; init; } = 1;
}

/// <summary>How the list of essays is ordered.</summary>
public enum EssaySort
{
    /// <summary>Newest published first.</summary>
    New,

    /// <summary>The most recently answered first (essays without replies by their publication).</summary>
    Active,
}

/// <summary>One page of a list, with what is needed to link the other pages.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    /// <summary>Number of pages; at least 1 so an empty list still has a page.</summary>
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>An essay with every comment of its discussion, merged and deleted ones included.</summary>
public sealed record EssayDetail(
    Essay Essay,
    string AuthorName,
    IReadOnlyList<Comment> Comments)
{
    /// <summary>The paragraphs of the current revision, in order.</summary>
    public IReadOnlyList<EssayParagraph> Paragraphs { get; init; } = [];

    /// <summary>Its topic labels.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>"공감" per comment readers see (merged copies counted on the kept one, each person once); absent means 0.</summary>
    public IReadOnlyDictionary<int, int> CommentReactions { get; init; } = new Dictionary<int, int>();

    /// <summary>"공감" on the essay itself.</summary>
    public int ReactionCount { get; init; }

    /// <summary>The "공감" count of a comment (0 when none).</summary>
    public int ReactionsOf(int commentId) => CommentReactions.GetValueOrDefault(commentId);

    /// <summary>The reply forest readers see (merged copies folded away).</summary>
    public IReadOnlyList<CommentNode> Threads() => CommentTree.Build(Comments, AuthorNameOf);

    /// <summary>The name shown for a comment's author.</summary>
    public static string AuthorNameOf(Comment comment) =>
        comment?.Author?.DisplayName ?? Author.UnknownDisplayName;
}
