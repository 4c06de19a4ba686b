using ForumApp.Core;
using ForumApp.Core.Comments;

namespace ForumApp.Data.Comments;

/// <summary>Who acts on a comment: an account. What it may do is read from the database, never from a claim.</summary>
public sealed record CommentActor(string UserId);

/// <summary>How a reply is posted, beyond its text.</summary>
/// <param name="AcknowledgeNearDuplicate">Post despite the near-duplicate warning (the pair is then queued for moderators).</param>
/// <param name="ParagraphId">The essay paragraph (stable id) the reply is anchored to, or null.</param>
/// <param name="Stance">찬성, 반대, 질문 or 보충, or null.</param>
public sealed record CommentPostOptions(bool AcknowledgeNearDuplicate = false, int? ParagraphId = null, CommentStance? Stance = null);

/// <summary>How an edit treats the comment's stance.</summary>
/// <param name="ChangeStance">True to set the stance to <paramref name="Stance"/> (null clears it); false keeps it.</param>
/// <param name="Stance">The new stance.</param>
public sealed record CommentEditOptions(bool ChangeStance, CommentStance? Stance)
{
    /// <summary>An edit of the text only.</summary>
    public static CommentEditOptions KeepStance { get; } = new(false, null);
}

/// <summary>The result of a comment write, with a Korean message for the UI and the API's problem title.</summary>
public sealed record CommentOutcome(OutcomeKind Kind, string Message, string? ProblemType = null) : Outcome(Kind, Message, ProblemType)
{
    /// <summary>The comment written (on success).</summary>
    public Comment? Comment { get; init; }

    /// <summary>The text rule that failed, for <see cref="ProblemTypes.InvalidComment"/>.</summary>
    public CommentProblem? Rule { get; init; }

    /// <summary>The same text from the same author within 24 hours, for <see cref="ProblemTypes.DuplicateComment"/>.</summary>
    public int? EarlierCommentId { get; init; }

    /// <summary>Visible comments close to the text, for <see cref="ProblemTypes.NearDuplicateComment"/>: post again with the acknowledgement.</summary>
    public IReadOnlyList<NearDuplicateMatch> Matches { get; init; } = [];

    /// <summary>True for the near-duplicate warning (the writer may confirm and post anyway).</summary>
    public bool IsNearDuplicate => ProblemType == ProblemTypes.NearDuplicateComment;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Details => ProblemType switch
    {
        ProblemTypes.InvalidComment => new Dictionary<string, object?> { ["rule"] = Rule?.ToString() },
        ProblemTypes.DuplicateComment => new Dictionary<string, object?> { ["earlierCommentId"] = EarlierCommentId },
        ProblemTypes.NearDuplicateComment => new Dictionary<string, object?> { ["matches"] = Matches },
        _ => base.Details,
    };

    internal static CommentOutcome Ok(Comment comment) => new(OutcomeKind.Ok, "") { Comment = comment };

    internal static CommentOutcome Invalid(CommentProblem problem) =>
        new(OutcomeKind.Invalid, CommentRules.Message(problem), ProblemTypes.InvalidComment) { Rule = problem };

    internal static CommentOutcome NotFound(string message = "댓글을 찾을 수 없습니다.") => new(OutcomeKind.NotFound, message);

    internal static CommentOutcome Forbidden(string message) => new(OutcomeKind.Forbidden, message);

    internal static CommentOutcome NotEditable(string message) => new(OutcomeKind.Conflict, message, ProblemTypes.NotEditable);
}

/// <summary>A revision as the history shows it.</summary>
public sealed record RevisionView(int Number, string AuthorName, DateTime CreatedAt, string BodyMarkdown)
{
    /// <summary>The stance this revision took.</summary>
    public CommentStance? Stance { get; init; }
}

/// <summary>A comment's revisions, oldest first, with the comment they belong to.</summary>
public sealed record CommentHistory(Comment Comment, string AuthorName, IReadOnlyList<RevisionView> Revisions);

/// <summary>A deleted comment a moderator may restore.</summary>
public sealed record DeletedCommentView(int CommentId, int EssayId, string EssayPath, string AuthorName, DateTime CreatedAt, string BodyMarkdown);

/// <summary>What the composer does.</summary>
public enum ComposerMode
{
    Reply,
    Edit,
    Delete,
}

/// <summary>
/// What a composer may offer, decided by the same rules as the write it leads to: the refusal to show instead of a
/// form, or the comment it is about, the text to start from and the paragraphs it may quote.
/// </summary>
public sealed record ComposerStart(CommentOutcome? Refusal, Comment? Target, string InitialText, IReadOnlyList<string> QuotableParagraphs)
{
    /// <summary>The essay's current paragraphs a reply may be anchored to, in reading order.</summary>
    public IReadOnlyList<ParagraphChoice> Anchors { get; init; } = [];

    /// <summary>The stance the edited comment has now.</summary>
    public CommentStance? InitialStance { get; init; }
}

/// <summary>A paragraph a reply may answer.</summary>
/// <param name="Id">The paragraph's stable id.</param>
/// <param name="Number">Its 1-based place ("2문단").</param>
/// <param name="Excerpt">The start of its text.</param>
public sealed record ParagraphChoice(int Id, int Number, string Excerpt);
