using ForumApp.Core;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Moderation;

/// <summary>
/// Merges duplicate comments into a canonical one and undoes merges, each in one transaction with optimistic
/// concurrency: when two moderators act on the same comments, one wins and the other gets a conflict outcome.
/// Open duplicate suggestions that name a folded comment are marked merged (and reopened by unmerge). Moderators call
/// <see cref="MergeAsync"/> and <see cref="UnmergeAsync"/>; the duplicate scan and the import merge as the app itself,
/// the import inside its own transaction (<see cref="Stage"/>).
/// </summary>
public sealed class MergeService(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    private const string ConflictMessage = "다른 운영자가 먼저 이 댓글들을 처리했습니다. 새로 고친 뒤 다시 확인하세요.";

    /// <summary>A moderator folds <paramref name="memberIds"/> into <paramref name="canonicalId"/>; the outcome's id is the merge.</summary>
    /// <param name="moderatorUserId">Who merges: an account that must hold the moderator or admin role.</param>
    /// <param name="canonicalId">The comment to keep.</param>
    /// <param name="memberIds">The duplicates.</param>
    /// <param name="reason">Why, for the audit log (at most <see cref="Merge.MaxReasonLength"/> characters).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    public async Task<SimpleOutcome> MergeAsync(string moderatorUserId, int canonicalId, IReadOnlyCollection<int>? memberIds, string? reason = null, CancellationToken cancellationToken = default)
    {
        var members = memberIds?.Distinct().ToList() ?? [];
        if (canonicalId <= 0 || members.Count == 0 || members.Any(id => id <= 0) || members.Contains(canonicalId))
        {
            return Invalid("남길 댓글(canonicalId)과 다른 댓글(memberIds)을 하나 이상 골라 합치세요.");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? null : TextNormalizer.ToStoredForm(reason).Trim();
        if (why is { Length: > Merge.MaxReasonLength } || (why?.Any(char.IsControl) ?? false))
        {
            return Invalid($"사유는 제어 문자 없이 {Merge.MaxReasonLength}자 이하로 써 주세요.");
        }

        if (!await RoleCheckAsync(moderatorUserId, cancellationToken))
        {
            return RoleCheck.NotModerator;
        }

        return await MergeAsActorAsync(moderatorUserId, canonicalId, members, why ?? "moderator", cancellationToken);
    }

    /// <summary>A merge the app makes itself (the duplicate scan's automatic merges), audited under <paramref name="actor"/>.</summary>
    internal Task<SimpleOutcome> MergeAutomaticallyAsync(string actor, int canonicalId, IReadOnlyCollection<int> memberIds, string reason, CancellationToken cancellationToken) =>
        MergeAsActorAsync(actor, canonicalId, memberIds, reason, cancellationToken);

    /// <summary>A moderator restores exactly the state before merge <paramref name="mergeId"/>: texts, parents, order, statuses.</summary>
    public async Task<SimpleOutcome> UnmergeAsync(string moderatorUserId, int mergeId, CancellationToken cancellationToken = default)
    {
        if (!await RoleCheckAsync(moderatorUserId, cancellationToken))
        {
            return RoleCheck.NotModerator;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var merge = await db.Merges.Include(m => m.Members).FirstOrDefaultAsync(m => m.Id == mergeId, cancellationToken);
        if (merge is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, $"병합 #{mergeId}이(가) 없습니다.");
        }

        if (merge.UndoneAt is not null)
        {
            return Refused($"병합 #{mergeId}은(는) 이미 되돌렸습니다.");
        }

        var comments = await db.Comments.Where(c => c.EssayId == merge.EssayId).ToDictionaryAsync(c => c.Id, cancellationToken);
        var changes = merge.Members.Select(m =>
        {
            var before = new CommentState(m.CommentId, m.PreviousParentId, m.PreviousStatus, m.PreviousMergedIntoId);
            var after = m.Role == MergeMemberRole.Duplicate
                ? before with { Status = CommentStatus.Merged, MergedIntoId = merge.CanonicalId }
                : before with { ParentId = merge.CanonicalId };
            return new MergeChange(m.Role, before, after);
        }).ToList();

        try
        {
            MergeOperation.Undo(comments.ToDictionary(p => p.Key, p => StateOf(p.Value)), changes);
        }
        catch (MergeRefusedException e)
        {
            return Refused(e.Message);
        }

        foreach (var change in changes)
        {
            Set(comments[change.Before.Id], change.Before);
        }

        comments[merge.CanonicalId].Version++;
        var now = clock.GetUtcNow().UtcDateTime;
        merge.UndoneAt = now;
        merge.UndoneBy = moderatorUserId;
        await db.DuplicateSuggestions.Where(s => s.MergeId == mergeId && s.Status == DuplicateSuggestionStatus.Merged)
            .ForEachAsync(s => (s.Status, s.MergeId) = (DuplicateSuggestionStatus.Open, null), cancellationToken);
        db.AuditLog.Add(Audit(now, moderatorUserId, AuditActions.Unmerge, merge, changes.Select(c => c.After), changes.Select(c => c.Before), merge.Reason));
        db.RecordChange(ForumChange.CommentsUnmerged(merge.EssayId, merge.Id, merge.CanonicalId, changes.Select(c => c.Before.Id)), now);
        return await CommitAsync(db, transaction, SimpleOutcome.Ok(mergeId), cancellationToken);
    }

    /// <summary>
    /// Plans a merge on comments already loaded in <paramref name="db"/> and stages every change (comments, the
    /// <see cref="Merge"/>, settled suggestions, the audit entry, the change) without saving: the caller saves and
    /// commits, so a merge can be part of a larger unit of work (an import). Throws <see cref="MergeRefusedException"/>
    /// when the merge would lose or corrupt something.
    /// </summary>
    internal static StagedMerge Stage(ForumDbContext db, IReadOnlyDictionary<int, Comment> comments, string actor, int canonicalId, IReadOnlyCollection<int> memberIds, string? reason, DateTime now)
    {
        var canonical = comments[canonicalId];
        var changes = MergeOperation.Plan(comments.ToDictionary(p => p.Key, p => StateOf(p.Value)), canonicalId, memberIds);
        foreach (var change in changes)
        {
            Set(comments[change.After.Id], change.After);
        }

        canonical.Version++; // a concurrent merge into or of the canonical conflicts with this one
        var merge = new Merge
        {
            EssayId = canonical.EssayId,
            CanonicalId = canonicalId,
            MergedBy = actor,
            MergedAt = now,
            Reason = reason,
            Members = [.. changes.Select(c => new MergeMember
            {
                CommentId = c.Before.Id,
                Role = c.Role,
                PreviousParentId = c.Before.ParentId,
                PreviousStatus = c.Before.Status,
                PreviousMergedIntoId = c.Before.MergedIntoId,
            })],
        };
        db.Merges.Add(merge);
        return new StagedMerge(merge, changes, reason);
    }

    /// <summary>
    /// Writes what <see cref="Stage"/> left for after the merges have ids: settled suggestions, audit entries and the
    /// changes (unless the caller records one change for its whole unit of work). Call after the save that gave the
    /// merges their ids, then save again.
    /// </summary>
    internal static async Task CompleteStagedAsync(ForumDbContext db, IEnumerable<StagedMerge> staged, DateTime now, CancellationToken cancellationToken, bool recordChanges = true)
    {
        foreach (var (merge, changes, reason) in staged)
        {
            // Every open pair that names a folded comment is settled by this merge (and reopened if it is undone).
            var folded = changes.Where(c => c.Role == MergeMemberRole.Duplicate).Select(c => c.Before.Id).ToList();
            await db.DuplicateSuggestions
                .Where(s => s.Status == DuplicateSuggestionStatus.Open && (folded.Contains(s.CommentId) || folded.Contains(s.OtherCommentId)))
                .ForEachAsync(s => (s.Status, s.MergeId) = (DuplicateSuggestionStatus.Merged, merge.Id), cancellationToken);
            db.AuditLog.Add(Audit(now, merge.MergedBy, AuditActions.Merge, merge, changes.Select(c => c.Before), changes.Select(c => c.After), reason));
            if (recordChanges)
            {
                db.RecordChange(ForumChange.CommentsMerged(merge.EssayId, merge.Id, merge.CanonicalId, changes.Select(c => c.Before.Id)), now);
            }
        }
    }

    private async Task<SimpleOutcome> MergeAsActorAsync(string actor, int canonicalId, IReadOnlyCollection<int> memberIds, string? reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var essayId = await db.Comments.Where(c => c.Id == canonicalId).Select(c => (int?)c.EssayId).FirstOrDefaultAsync(cancellationToken);
        if (essayId is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, $"댓글 #{canonicalId}을(를) 찾을 수 없습니다.");
        }

        var comments = await db.Comments.Where(c => c.EssayId == essayId).ToDictionaryAsync(c => c.Id, cancellationToken);
        if (memberIds.FirstOrDefault(id => !comments.ContainsKey(id)) is var missing and > 0)
        {
            var elsewhere = await db.Comments.AnyAsync(c => c.Id == missing, cancellationToken);
            return elsewhere ? Refused($"합칠 댓글 #{missing}이(가) 이 에세이에 없습니다.") : SimpleOutcome.Refuse(OutcomeKind.NotFound, $"댓글 #{missing}을(를) 찾을 수 없습니다.");
        }

        StagedMerge staged;
        try
        {
            staged = Stage(db, comments, actor, canonicalId, memberIds, reason, clock.GetUtcNow().UtcDateTime);
        }
        catch (MergeRefusedException e)
        {
            return Refused(e.Message);
        }

        var saved = await SaveAsync(db, cancellationToken);
        if (saved is not null)
        {
            return saved;
        }

        await CompleteStagedAsync(db, [staged], staged.Merge.MergedAt, cancellationToken);
        return await CommitAsync(db, transaction, SimpleOutcome.Ok(staged.Merge.Id), cancellationToken);
    }

    private async Task<bool> RoleCheckAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return !string.IsNullOrEmpty(userId) && await RoleCheck.IsModeratorAsync(db, userId, cancellationToken);
    }

    private static async Task<SimpleOutcome> CommitAsync(ForumDbContext db, WriteTransaction transaction, SimpleOutcome success, CancellationToken cancellationToken)
    {
        if (await SaveAsync(db, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return success;
    }

    private static CommentState StateOf(Comment c) => new(c.Id, c.ParentId, c.Status, c.MergedIntoId);

    private static void Set(Comment comment, CommentState state)
    {
        comment.ParentId = state.ParentId;
        comment.Status = state.Status;
        comment.MergedIntoId = state.MergedIntoId;
        comment.Version++;
    }

    private static AuditEntry Audit(DateTime at, string actor, string action, Merge merge, IEnumerable<CommentState> before, IEnumerable<CommentState> after, string? reason) =>
        AuditEntry.Create(at, actor, action, AuditTargets.Merge(merge.Id), merge.EssayId,
            before.Select(Json), new { canonical = merge.CanonicalId, reason, comments = after.Select(Json) });

    private static object Json(CommentState s) => new { id = s.Id, parentId = s.ParentId, status = s.Status.ToString().ToLowerInvariant(), mergedIntoId = s.MergedIntoId };

    private static SimpleOutcome Invalid(string message) => SimpleOutcome.Refuse(OutcomeKind.Invalid, message, ProblemTypes.InvalidRequest);

    private static SimpleOutcome Refused(string message) => SimpleOutcome.Refuse(OutcomeKind.Conflict, message, ProblemTypes.ModerationRefused);

    // A concurrent change of the same comments: optimistic concurrency (Version), or SQLite's busy snapshot.
    private static async Task<SimpleOutcome?> SaveAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || (e is DbUpdateException { InnerException: System.Data.Common.DbException inner } && IsBusy(inner)))
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, ConflictMessage, ProblemTypes.MergeConflict);
        }
    }

    // SQLite answers a write from a stale snapshot with SQLITE_BUSY (5); PostgreSQL with a serialization failure.
    private static bool IsBusy(System.Data.Common.DbException e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } || e.SqlState is "40001" or "40P01";
}

/// <summary>A merge planned and staged in a context, waiting for its id (see <see cref="MergeService.Stage"/>).</summary>
internal sealed record StagedMerge(Merge Merge, IReadOnlyList<MergeChange> Changes, string? Reason);
