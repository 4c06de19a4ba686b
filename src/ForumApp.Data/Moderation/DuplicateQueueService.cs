using ForumApp.Core;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Moderation;

/// <summary>
/// The moderators' duplicate queue: open suggested pairs grouped into clusters with their diffs, "not duplicates",
/// and the list of recent merges (merging itself is <see cref="MergeService"/>). Actions re-check the moderator role
/// in the database (<see cref="RoleCheck"/>) and are audited in their transaction.
/// </summary>
public sealed class DuplicateQueueService(IDbContextFactory<ForumDbContext> dbFactory, RoleCheck roles, TimeProvider clock)
{
    /// <summary>
    /// Open duplicate suggestions grouped into clusters (connected components per essay), newest first, with each
    /// member's text and a side-by-side diff against the default canonical (the earliest complete member).
    /// Pairs whose comments are no longer visible (deleted, merged some other way) are left out.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateClusterView>> GetDuplicateClustersAsync(int? essayId = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = db.DuplicateSuggestions.AsNoTracking().Where(s => s.Status == DuplicateSuggestionStatus.Open);
        if (essayId is int eid)
        {
            open = open.Where(s => s.EssayId == eid);
        }

        var suggestions = await open.OrderByDescending(s => s.Id).Take(5000).ToListAsync(cancellationToken);
        var ids = suggestions.SelectMany(s => new[] { s.CommentId, s.OtherCommentId }).Distinct().ToList();
        var comments = await db.Comments.AsNoTracking().Include(c => c.Author)
            .Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Visible)
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        suggestions = [.. suggestions.Where(s => comments.ContainsKey(s.CommentId) && comments.ContainsKey(s.OtherCommentId))];

        var pairs = suggestions.Select(s => new SuggestedPair(s.Id, s.CommentId, s.OtherCommentId, s.Score, s.Kind)).ToList();
        var candidates = comments.Values.ToDictionary(
            c => c.Id,
            c => new ClusterCandidate(c.Id, c.CreatedAt, !TruncationMarkers.TryGetPreviewBody(c.BodyMarkdown, out _)));
        var clusters = DuplicateClustering.Group(pairs, candidates).Take(limit).ToList();

        var essayIds = clusters.Select(c => comments[c.CanonicalId].EssayId).Distinct().ToList();
        var essays = await db.Essays.AsNoTracking().Where(e => essayIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => new { e.Title, e.Slug }, cancellationToken);
        var sourcesById = suggestions.ToDictionary(s => s.Id, s => s.Source);

        return [.. clusters.Select(cluster =>
        {
            var canonical = comments[cluster.CanonicalId];
            var essay = essays[canonical.EssayId];
            var members = cluster.CommentIds.Select(id =>
            {
                var c = comments[id];
                return new ClusterMemberView(
                    c.Id,
                    c.Author?.DisplayName ?? Author.UnknownDisplayName,
                    c.AuthorId,
                    c.CreatedAt,
                    c.BodyMarkdown,
                    c.ParentId,
                    id == cluster.CanonicalId ? null : SideBySideDiff.Build(canonical.BodyMarkdown, c.BodyMarkdown));
            }).ToList();
            var sources = cluster.SuggestionIds.Select(s => sourcesById[s]).Distinct().Order(StringComparer.Ordinal).ToList();
            return new DuplicateClusterView(canonical.EssayId, essay.Title, EssayLinks.Path(canonical.EssayId, essay.Slug), cluster, members, sources);
        })];
    }

    /// <summary>
    /// "Not duplicates": every open suggested pair between two of <paramref name="commentIds"/> becomes dismissed. A
    /// dismissed pair is never suggested again: scans skip pairs that exist in any status. Returns the number dismissed.
    /// </summary>
    public async Task<SimpleOutcome> DismissAsync(string actor, IReadOnlyCollection<int> commentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commentIds);
        if (!await roles.IsModeratorAsync(actor, cancellationToken))
        {
            return RoleCheck.NotModerator;
        }

        var ids = commentIds.Distinct().ToList();
        if (ids.Count < 2)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Invalid, "중복이 아니라고 표시할 댓글을 둘 이상 주세요.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var pairs = await db.DuplicateSuggestions
            .Where(s => ids.Contains(s.CommentId) && ids.Contains(s.OtherCommentId))
            .ToListAsync(cancellationToken);
        if (pairs.Count == 0)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, "이 댓글들 사이에 중복 제안이 없습니다.");
        }

        var open = pairs.Where(p => p.Status == DuplicateSuggestionStatus.Open).ToList();
        if (open.Count == 0)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, "이 제안은 이미 처리되었습니다. 새로 고친 뒤 확인하세요.", ProblemTypes.ModerationRefused);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var pair in open)
        {
            pair.Status = DuplicateSuggestionStatus.Dismissed;
            pair.DismissedBy = actor;
            pair.DismissedAt = now;
        }

        db.AuditLog.Add(AuditEntry.Create(now, actor, AuditActions.Dismiss, AuditTargets.Comments(ids), open[0].EssayId,
            open.Select(p => new { suggestion = p.Id, p.CommentId, p.OtherCommentId, status = "open" }),
            open.Select(p => new { suggestion = p.Id, p.CommentId, p.OtherCommentId, status = "dismissed" })));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SimpleOutcome.Ok(open.Count);
    }

    /// <summary>Merges, newest first, with who undid them; the import's merges included.</summary>
    public async Task<IReadOnlyList<MergeView>> GetRecentMergesAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var list = await db.Merges.AsNoTracking().Include(m => m.Members)
            .OrderByDescending(m => m.MergedAt).ThenByDescending(m => m.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
        var essayIds = list.Select(m => m.EssayId).Distinct().ToList();
        var slugs = await db.Essays.AsNoTracking().Where(e => essayIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Slug, cancellationToken);
        var names = await AuditLogService.ActorNamesAsync(db, list.Select(m => m.MergedBy).Concat(list.Select(m => m.UndoneBy ?? "")), cancellationToken);
        return [.. list.Select(m => new MergeView(
            m.Id,
            m.EssayId,
            EssayLinks.Path(m.EssayId, slugs.GetValueOrDefault(m.EssayId, "")),
            m.CanonicalId,
            names.GetValueOrDefault(m.MergedBy, m.MergedBy),
            m.MergedAt,
            m.Reason,
            [.. m.Members.Where(x => x.Role == MergeMemberRole.Duplicate).Select(x => x.CommentId).Order()],
            m.Members.Count(x => x.Role == MergeMemberRole.MovedReply),
            m.UndoneBy is null ? null : names.GetValueOrDefault(m.UndoneBy, m.UndoneBy),
            m.UndoneAt))];
    }
}
