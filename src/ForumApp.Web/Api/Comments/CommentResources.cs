namespace ForumApp.Web.Api.Comments;

/// <summary>A new comment: its Markdown and, for a reply to a comment, the parent's id.</summary>
/// <param name="Body">Markdown, at most 20,000 characters.</param>
/// <param name="ParentId">The comment answered; null or absent for a reply to the essay.</param>
/// <param name="AcknowledgeDuplicate">True to post despite the near-duplicate warning (same as <c>?force=true</c>).</param>
public sealed record PostCommentRequest(string? Body, int? ParentId, bool? AcknowledgeDuplicate);

/// <summary>New text for a comment.</summary>
public sealed record EditCommentRequest(string? Body);

/// <summary>One version of a comment's text.</summary>
public sealed record RevisionResource(int Revision, string Author, DateTime CreatedAt, string BodyMarkdown);

/// <summary>The antiforgery token a cookie-authenticated script sends in <see cref="HeaderName"/>.</summary>
public sealed record AntiforgeryTokenResource(string Token, string HeaderName);
