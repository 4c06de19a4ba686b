namespace ForumApp.Web.Api.Comments;

/// <summary>A new comment: its Markdown and, for a reply to a comment, the parent's id.</summary>
/// <param name="Body">Markdown, at most 20,000 characters.</param>
/// <param name="ParentId">The comment answered; null or absent for a reply to the essay.</param>
/// <param name="AcknowledgeDuplicate">True to post despite the near-duplicate warning (same as <c>?force=true</c>).</param>
/// <param name="ParagraphId">The essay paragraph answered (a stable id from the essay's <c>paragraphs</c>); a reply to a
/// comment without one takes its parent's. An unknown paragraph is a 400.</param>
/// <param name="Stance">agree, disagree, question or addition (찬성, 반대, 질문, 보충); anything else is a 400.</param>
public sealed record PostCommentRequest(string? Body, int? ParentId, bool? AcknowledgeDuplicate, int? ParagraphId = null, string? Stance = null);

/// <summary>New text for a comment, and optionally a new stance.</summary>
/// <param name="Body">Markdown, at most 20,000 characters.</param>
/// <param name="Stance">Absent or null keeps the stance; "" or "none" clears it; agree, disagree, question or addition sets it.</param>
public sealed record EditCommentRequest(string? Body, string? Stance = null);

/// <summary>One version of a comment's text and stance.</summary>
public sealed record RevisionResource(int Revision, string Author, DateTime CreatedAt, string BodyMarkdown, string? Stance);

/// <summary>The antiforgery token a cookie-authenticated script sends in <see cref="HeaderName"/>.</summary>
public sealed record AntiforgeryTokenResource(string Token, string HeaderName);
