using System.Text.Json;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Moderation;

/// <summary>
/// Merges duplicate comments into a canonical one and undoes merges, each in one transaction with optimistic
/// concurrency: when two moderators act on the same comments, one wins and the other gets
/// <see cref="MergeConflictException"/> (or <see cref="MergeRefusedException"/> when the first already finished).
/// Open duplicate suggestions that name a folded comment are marked merged (and reopened by unmerge).
/// </summary>
public sealed class MergeService(
    IDbContextFactory<ForumDbContext> dbFactory,
    INearDuplicateFinder nearDuplicates,
    IEssayChangeNotifier essayChanges,
    TimeProvider clock)
{
    /// <summary>Folds <paramref name="memberIds"/> into <paramref name="canonicalId"/>; returns the merge's id.</summary>
    /// <param name="actor">Who merges: a user id.</param>
    /// <param name="canonicalId">The comment to keep.</param>
    /// <param name="memberIds">The duplicates.</param>
    /// <param name="reason">Why, for the audit log (for example the engine's kind and score).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    public async Task<int> MergeAsync(string actor, int canonicalId, IReadOnlyCollection<int> memberIds, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(memberIds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var essayId = await db.Comments.Where(c => c.Id == canonicalId).Select(c => (int?)c.EssayId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new MergeRefusedException($"남길 댓글 #{canonicalId}이(가) 없습니다.");
        var comments = await db.Comments.Where(c => c.EssayId == essayId).ToDictionaryAsync(c => c.Id, cancellationToken);

        var changes = MergeOperation.Plan(comments.ToDictionary(p => p.Key, p => StateOf(p.Value)), canonicalId, memberIds);
        foreach (var change in changes)
        {
            Set(comments[change.After.Id], change.After);
        }

        comments[canonicalId].Version++; // a concurrent merge into or of the canonical conflicts with this one
        var essay = await db.Essays.SingleAsync(e => e.Id == essayId, cancellationToken);
        essay.CommentCount -= changes.Count(c => c.Role == MergeMemberRole.Duplicate);

        var now = clock.GetUtcNow().UtcDateTime;
        var merge = new Merge
        {
            EssayId = essayId,
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
        await SaveAsync(db, cancellationToken);

        // Every open pair that names a folded comment is settled by this merge (and reopened if it is undone).
        var folded = changes.Where(c => c.Role == MergeMemberRole.Duplicate).Select(c => c.Before.Id).ToList();
        var settled = await db.DuplicateSuggestions
            .Where(s => s.Status == DuplicateSuggestionStatus.Open && (folded.Contains(s.CommentId) || folded.Contains(s.OtherCommentId)))
            .ToListAsync(cancellationToken);
        foreach (var suggestion in settled)
        {
            suggestion.Status = DuplicateSuggestionStatus.Merged;
            suggestion.MergeId = merge.Id;
        }

        db.AuditLog.Add(Audit(now, actor, "merge", merge, changes.Select(c => c.Before), changes.Select(c => c.After), reason));
        await SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await AfterCommitAsync(essayId, changes.Select(c => c.After), comments, cancellationToken);
        return merge.Id;
    }

    /// <summary>Restores exactly the state before merge <paramref name="mergeId"/>: texts, parents, order, statuses.</summary>
    public async Task UnmergeAsync(string actor, int mergeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var merge = await db.Merges.Include(m => m.Members).FirstOrDefaultAsync(m => m.Id == mergeId, cancellationToken)
            ?? throw new KeyNotFoundException($"병합 #{mergeId}이(가) 없습니다.");
        if (merge.UndoneAt is not null)
        {
            throw new MergeRefusedException($"병합 #{mergeId}은(는) 이미 되돌렸습니다.");
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

        MergeOperation.Undo(comments.ToDictionary(p => p.Key, p => StateOf(p.Value)), changes);
        foreach (var change in changes)
        {
            Set(comments[change.Before.Id], change.Before);
        }

        comments[merge.CanonicalId].Version++;
        var essay = await db.Essays.SingleAsync(e => e.Id == merge.EssayId, cancellationToken);
        essay.CommentCount += changes.Count(c => c.Role == MergeMemberRole.Duplicate && c.Before.Status == CommentStatus.Visible);
        var now = clock.GetUtcNow().UtcDateTime;
        merge.UndoneAt = now;
        merge.UndoneBy = actor;
        await db.DuplicateSuggestions.Where(s => s.MergeId == mergeId && s.Status == DuplicateSuggestionStatus.Merged)
            .ForEachAsync(s => (s.Status, s.MergeId) = (DuplicateSuggestionStatus.Open, null), cancellationToken);
        db.AuditLog.Add(Audit(now, actor, "unmerge", merge, changes.Select(c => c.After), changes.Select(c => c.Before), merge.Reason));
        await SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await AfterCommitAsync(merge.EssayId, changes.Select(c => c.Before), comments, cancellationToken);
    }

    /// <summary>The essay a merge belongs to, or null for an unknown merge.</summary>
    public async Task<int?> EssayOfMergeAsync(int mergeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merges.Where(m => m.Id == mergeId).Select(m => (int?)m.EssayId).FirstOrDefaultAsync(cancellationToken);
    }

    // The online near-duplicate index and the page caches learn which comments appeared or disappeared.
    private async Task AfterCommitAsync(int essayId, IEnumerable<CommentState> states, Dictionary<int, Comment> comments, CancellationToken cancellationToken)
    {
        foreach (var state in states)
        {
            var visibleText = state.Status == CommentStatus.Visible ? comments[state.Id].BodyMarkdown : null;
            await nearDuplicates.CommentChangedAsync(essayId, state.Id, visibleText, cancellationToken);
        }

        await essayChanges.EssayChangedAsync(essayId, cancellationToken);
    }

    private static CommentState StateOf(Comment c) => new(c.Id, c.ParentId, c.Status, c.MergedIntoId);

    private static void Set(Comment comment, CommentState state)
    {
        comment.ParentId = state.ParentId;
        comment.Status = state.Status;
        comment.MergedIntoId = state.MergedIntoId;
        comment.Version++;
    }

    private static AuditEntry Audit(DateTime at, string actor, string action, Merge merge, IEnumerable<CommentState> before, IEnumerable<CommentState> after, string? reason) => new()
    {
        At = at,
        Actor = actor,
        Action = action,
        Target = $"merge:{merge.Id}",
        EssayId = merge.EssayId,
        Before = JsonSerializer.Serialize(before.Select(Json)),
        After = JsonSerializer.Serialize(new { canonical = merge.CanonicalId, reason, comments = after.Select(Json) }),
    };

    private static object Json(CommentState s) => new { id = s.Id, parentId = s.ParentId, status = s.Status.ToString().ToLowerInvariant(), mergedIntoId = s.MergedIntoId };

    private static async Task SaveAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new MergeConflictException("다른 운영자가 먼저 이 댓글들을 처리했습니다. 새로 고친 뒤 다시 확인하세요.", e);
        }
        catch (DbUpdateException e) when (e.InnerException is System.Data.Common.DbException { } db1 && IsBusy(db1))
        {
            throw new MergeConflictException("다른 운영자가 먼저 이 댓글들을 처리했습니다. 새로 고친 뒤 다시 확인하세요.", e);
        }
    }

    // SQLite answers a write from a stale snapshot with SQLITE_BUSY (5); PostgreSQL with a serialization failure.
    private static bool IsBusy(System.Data.Common.DbException e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } || e.SqlState is "40001" or "40P01";
}
