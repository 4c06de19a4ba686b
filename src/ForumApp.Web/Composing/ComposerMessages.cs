using ForumApp.Data.Comments;

namespace ForumApp.Web.Composing;

/// <summary>
/// What the composer tells the writer about their last post: why it was refused (and the earlier comment with the
/// same text), or the near-duplicate warning with the comments it is close to. Shown by ComposerFeedback.
/// </summary>
public sealed class ComposerMessages
{
    /// <summary>The refusal's Korean message, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The earlier comment with the same text (the 24-hour rule).</summary>
    public int? DuplicateOf { get; private set; }

    /// <summary>True while the near-duplicate warning is shown.</summary>
    public bool NearDuplicate { get; private set; }

    /// <summary>The comments close to the text.</summary>
    public IReadOnlyList<SimilarComment> Similar { get; private set; } = [];

    /// <summary>Forgets the last refusal (a new post is under way).</summary>
    public void Clear()
    {
        Error = null;
        DuplicateOf = null;
        NearDuplicate = false;
        Similar = [];
    }

    /// <summary>Shows <paramref name="error"/> (a write that failed for another reason).</summary>
    public void Fail(string error) => Error = error;

    /// <summary>Shows why the interactive post was refused.</summary>
    public void Show(CommentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.IsNearDuplicate)
        {
            NearDuplicate = true;
            Similar = [.. outcome.Matches.Select(m => new SimilarComment(m.CommentId, m.Score))];
            return;
        }

        Error = outcome.Message;
        DuplicateOf = outcome.EarlierCommentId;
    }

    /// <summary>Shows why a plain form post was refused (carried back in the address); nothing for null.</summary>
    public void Show(ComposerRefusal? refusal)
    {
        if (refusal is null)
        {
            return;
        }

        if (refusal.IsNearDuplicate)
        {
            NearDuplicate = true;
            Similar = [.. (refusal.Similar ?? []).Select(id => new SimilarComment(id, null))];
            return;
        }

        Error = refusal.Message;
        DuplicateOf = refusal.EarlierCommentId;
    }
}
