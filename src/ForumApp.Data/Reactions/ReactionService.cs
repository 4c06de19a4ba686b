using ForumApp.Core;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Core.Reactions;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Reactions;

/// <summary>What a "공감" request left: how many people it counts now and whether the person is one of them.</summary>
public sealed record ReactionOutcome(OutcomeKind Kind, string Message, int Count = 0, bool Reacted = false) : Outcome(Kind, Message)
{
    /// <summary>The refusal for a comment or essay readers cannot see (unknown, merged, deleted, draft, unpublished).</summary>
    public static ReactionOutcome NotFound(string what) => new(OutcomeKind.NotFound, $"{what}을(를) 찾을 수 없습니다.");
}

/// <summary>
/// "공감" on essays and comments: one per person, removable, idempotent both ways. A comment's count is the distinct
/// people over the comment and the copies merged into it (<see cref="ReactionCounts"/>): rows stay on the comment
/// they were given to, so a merge combines them and an unmerge restores them without touching a row. Every change is
/// recorded on the change feed (the cached pages of the essay update).
/// </summary>
public sealed class ReactionService(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Gives (<paramref name="on"/>) or takes back the person's "공감" on a visible comment.</summary>
    public async Task<ReactionOutcome> SetCommentAsync(string userId, int commentId, bool on, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.BeginWriteAsync(cancellationToken);
        var target = await db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new { c.EssayId, c.Status, EssayStatus = db.Essays.Where(e => e.Id == c.EssayId).Select(e => e.Status).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        if (target is null || target.Status != CommentStatus.Visible || target.EssayStatus != EssayStatus.Published)
        {
            return ReactionOutcome.NotFound("댓글");
        }

        var states = await StatesAsync(db, target.EssayId, cancellationToken);
        var group = ReactionCounts.Group(states, commentId);
        var mine = await db.CommentReactions.Where(r => group.Contains(r.CommentId) && r.UserId == userId).ToListAsync(cancellationToken);
        var changed = false;
        if (on && mine.Count == 0)
        {
            db.CommentReactions.Add(new CommentReaction { CommentId = commentId, UserId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime });
            changed = true;
        }
        else if (!on && mine.Count > 0)
        {
            // Taking it back takes it back from every copy the person reacted to: the count is of people.
            db.CommentReactions.RemoveRange(mine);
            changed = true;
        }

        if (changed)
        {
            db.RecordChange(ForumChange.ReactionChanged(target.EssayId, commentId), clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        var count = await db.CommentReactions.Where(r => group.Contains(r.CommentId)).Select(r => r.UserId).Distinct().CountAsync(cancellationToken);
        return new ReactionOutcome(OutcomeKind.Ok, "", count, on);
    }

    /// <summary>Gives or takes back the person's "공감" on a published essay.</summary>
    public async Task<ReactionOutcome> SetEssayAsync(string userId, int essayId, bool on, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.BeginWriteAsync(cancellationToken);
        if (!await db.Essays.AnyAsync(e => e.Id == essayId && e.Status == EssayStatus.Published, cancellationToken))
        {
            return ReactionOutcome.NotFound("에세이");
        }

        var mine = await db.EssayReactions.FirstOrDefaultAsync(r => r.EssayId == essayId && r.UserId == userId, cancellationToken);
        if (on != (mine is not null))
        {
            if (on)
            {
                db.EssayReactions.Add(new EssayReaction { EssayId = essayId, UserId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime });
            }
            else
            {
                db.EssayReactions.Remove(mine!);
            }

            db.RecordChange(ForumChange.ReactionChanged(essayId, null), clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        var count = await db.EssayReactions.CountAsync(r => r.EssayId == essayId, cancellationToken);
        return new ReactionOutcome(OutcomeKind.Ok, "", count, on);
    }

    /// <summary>The "공감" count of a comment as readers see it (0 for one they cannot see).</summary>
    public async Task<int> CommentCountAsync(int commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essayId = await db.Comments.Where(c => c.Id == commentId).Select(c => (int?)c.EssayId).FirstOrDefaultAsync(cancellationToken);
        if (essayId is null)
        {
            return 0;
        }

        var group = ReactionCounts.Group(await StatesAsync(db, essayId.Value, cancellationToken), commentId);
        return await db.CommentReactions.Where(r => group.Contains(r.CommentId)).Select(r => r.UserId).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>The comments (as readers see them) of an essay the person has given "공감" to, and whether they gave one to the essay.</summary>
    public async Task<(IReadOnlySet<int> Comments, bool Essay)> MineAsync(string userId, int essayId, IReadOnlyDictionary<int, CommentState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from r in db.CommentReactions
                          join c in db.Comments on r.CommentId equals c.Id
                          where c.EssayId == essayId && r.UserId == userId
                          select r.CommentId).ToListAsync(cancellationToken);
        var essay = await db.EssayReactions.AnyAsync(r => r.EssayId == essayId && r.UserId == userId, cancellationToken);
        return (rows.Select(id => ReactionCounts.Shown(states, id)).ToHashSet(), essay);
    }

    /// <summary>The merge-relevant state of every comment of an essay.</summary>
    internal static async Task<Dictionary<int, CommentState>> StatesAsync(ForumDbContext db, int essayId, CancellationToken cancellationToken) =>
        await db.Comments.AsNoTracking().Where(c => c.EssayId == essayId)
            .Select(c => new CommentState(c.Id, c.ParentId, c.Status, c.MergedIntoId))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
}
