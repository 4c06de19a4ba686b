namespace ForumApp.Core.Comments;

/// <summary>A visible comment whose text is close to a new one.</summary>
/// <param name="CommentId">The existing comment.</param>
/// <param name="Score">Similarity between 0 and 1 (1 = same comparison key).</param>
public sealed record NearDuplicateMatch(int CommentId, double Score);

/// <summary>
/// The online near-duplicate check run when a comment is posted, implemented by the dedup engine's online index
/// (<c>EngineNearDuplicateFinder</c> in the data layer). The index learns about every change from the change feed.
/// </summary>
public interface INearDuplicateFinder
{
    /// <summary>
    /// Visible comments of <paramref name="essayId"/> whose text is near <paramref name="text"/>, best first.
    /// </summary>
    /// <param name="essayId">Only this essay's comments are compared.</param>
    /// <param name="text">The new text, as the user wrote it.</param>
    /// <param name="excludeCommentId">A comment to leave out (the one being edited), or null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    Task<IReadOnlyList<NearDuplicateMatch>> FindAsync(
        int essayId,
        string text,
        int? excludeCommentId = null,
        CancellationToken cancellationToken = default);
}
