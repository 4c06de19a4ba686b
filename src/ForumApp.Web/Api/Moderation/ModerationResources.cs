using ForumApp.Core.Moderation;

namespace ForumApp.Web.Api.Moderation;

/// <summary>Merge duplicates into <see cref="CanonicalId"/>.</summary>
/// <param name="CanonicalId">The comment to keep.</param>
/// <param name="MemberIds">The duplicates to fold into it.</param>
/// <param name="Reason">Why, for the audit log (optional).</param>
public sealed record MergeRequest(int CanonicalId, IReadOnlyList<int>? MemberIds, string? Reason);

/// <summary>The comments a moderator says are not duplicates of one another.</summary>
public sealed record DismissRequest(IReadOnlyList<int>? CommentIds);

/// <summary>A reader's flag.</summary>
/// <param name="Reason">duplicate, spam or offTopic.</param>
/// <param name="Note">At most 1000 characters.</param>
public sealed record FlagRequest(FlagReason? Reason, string? Note);

/// <summary>A created merge or flag.</summary>
public sealed record CreatedResource(int Id);

/// <summary>How many suggested pairs were dismissed.</summary>
public sealed record DismissedResource(int Dismissed);

/// <summary>A member of a duplicate cluster.</summary>
public sealed record ClusterMemberResource(int Id, string Author, DateTime CreatedAt, string BodyMarkdown, int? ParentId, bool IdenticalToCanonical);

/// <summary>A duplicate cluster of the queue.</summary>
public sealed record ClusterResource(
    int EssayId,
    int CanonicalId,
    IReadOnlyList<int> CommentIds,
    string Kind,
    double Score,
    IReadOnlyList<string> Sources,
    IReadOnlyList<int> SuggestionIds,
    IReadOnlyList<ClusterMemberResource> Members);

/// <summary>A merge, done or undone.</summary>
public sealed record MergeResource(int Id, int EssayId, int CanonicalId, IReadOnlyList<int> MemberIds, int MovedReplies, string MergedBy, DateTime MergedAt, string? Reason, string? UndoneBy, DateTime? UndoneAt);

/// <summary>An open flag.</summary>
public sealed record FlagResource(int Id, int CommentId, int EssayId, FlagReason Reason, string? Note, string Reporter, DateTime CreatedAt);

/// <summary>An audit entry; before and after are JSON text.</summary>
public sealed record AuditEntryResource(long Id, DateTime At, string Actor, string ActorName, string Action, string Target, int? EssayId, string? Before, string? After);

/// <summary>A page of the audit log, newest first.</summary>
public sealed record AuditPageResource(int Page, int PageSize, int Total, IReadOnlyList<AuditEntryResource> Entries);
