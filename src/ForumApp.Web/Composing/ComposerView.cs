namespace ForumApp.Web.Composing;

/// <summary>
/// What a composer shows, prepared once when the page is rendered and carried into its circuit (persisted component
/// state), so the interactive composer's first render is the page's own: no second query, no "loading" flash, and the
/// box the writer is typing into is there from the first frame.
/// </summary>
/// <param name="Key">The composer it was prepared for (mode and comment): a composer opened for another one loads anew.</param>
/// <param name="Refusal">Why no form is offered (not the author, a deleted comment), or null.</param>
/// <param name="TargetId">The comment answered, edited or deleted.</param>
/// <param name="TargetAuthor">Its author's display name.</param>
/// <param name="TargetExcerpt">The start of its text (shown when deleting).</param>
/// <param name="Paragraphs">The passages that may be quoted (the comment answered, else the essay).</param>
/// <param name="OriginalText">The text the form starts from without a draft: the comment's when editing, else empty.</param>
/// <param name="InitialText">The text the form opens with: the writer's draft when there is one, else the original.</param>
/// <param name="FromDraft">True when <paramref name="InitialText"/> is a draft that differs from the original.</param>
public sealed record ComposerView(
    string Key,
    string? Refusal,
    int? TargetId,
    string? TargetAuthor,
    string? TargetExcerpt,
    IReadOnlyList<string> Paragraphs,
    string OriginalText,
    string InitialText,
    bool FromDraft)
{
    /// <summary>The essay's current paragraphs a reply may be anchored to (issue 9).</summary>
    public IReadOnlyList<ForumApp.Data.Comments.ParagraphChoice> Anchors { get; init; } = [];

    /// <summary>The stance the edited comment has now (issue 9).</summary>
    public ForumApp.Core.Comments.CommentStance? InitialStance { get; init; }
}

/// <summary>A comment close to what the writer is posting, linked from the near-duplicate warning.</summary>
/// <param name="CommentId">The comment.</param>
/// <param name="Score">How close (0-1), when the check said so; a refused form post carries only the ids.</param>
public sealed record SimilarComment(int CommentId, double? Score);
