using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;

namespace ForumApp.Data.Moderation;

/// <summary>A member of a duplicate cluster as the queue shows it.</summary>
/// <param name="CommentId">The comment.</param>
/// <param name="AuthorName">Its author's display name.</param>
/// <param name="AuthorId">Its author.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="BodyMarkdown">Its text.</param>
/// <param name="ParentId">The comment it answers, or null.</param>
/// <param name="Diff">The canonical (left) against this member (right); null for the canonical itself.</param>
public sealed record ClusterMemberView(int CommentId, string AuthorName, int AuthorId, DateTime CreatedAt, string BodyMarkdown, int? ParentId, SideBySideDiff? Diff);

/// <summary>A duplicate cluster in the queue: the grouping of open pairs with what a moderator needs to decide.</summary>
public sealed record DuplicateClusterView(
    int EssayId,
    string EssayTitle,
    string EssayPath,
    SuggestedCluster Cluster,
    IReadOnlyList<ClusterMemberView> Members,
    IReadOnlyList<string> Sources);

/// <summary>A merge in the list of recent merges.</summary>
public sealed record MergeView(
    int Id,
    int EssayId,
    string EssayPath,
    int CanonicalId,
    string MergedBy,
    DateTime MergedAt,
    string? Reason,
    IReadOnlyList<int> FoldedIds,
    int MovedReplies,
    string? UndoneBy,
    DateTime? UndoneAt);

/// <summary>An open flag with the comment it is about.</summary>
public sealed record FlagView(
    int Id,
    int CommentId,
    int EssayId,
    string EssayPath,
    FlagReason Reason,
    string? Note,
    string ReporterName,
    DateTime CreatedAt,
    string CommentAuthor,
    string CommentBody,
    CommentStatus CommentStatus);

/// <summary>Filters of the audit log; null means any.</summary>
/// <param name="Action">merge, unmerge, dismiss, delete, restore, flag-resolve, flag-dismiss, role-change, scan, import.</param>
/// <param name="Actor">A login name, a user id, or "import" / "system" / "cli".</param>
/// <param name="From">Entries at or after this instant (UTC).</param>
/// <param name="To">Entries before this instant (UTC).</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Entries per page (1–200).</param>
public sealed record AuditQuery(string? Action = null, string? Actor = null, DateTime? From = null, DateTime? To = null, int Page = 1, int PageSize = 50);

/// <summary>One audit entry with the actor's name resolved.</summary>
public sealed record AuditEntryView(long Id, DateTime At, string Actor, string ActorName, string Action, string Target, int? EssayId, string? Before, string? After);

/// <summary>A page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
