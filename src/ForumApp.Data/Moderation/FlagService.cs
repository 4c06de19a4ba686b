using ForumApp.Core;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Moderation;

/// <summary>Readers' flags on comments and how moderators close them (audited; the moderator role re-checked in the database).</summary>
public sealed class FlagService(IDbContextFactory<ForumDbContext> dbFactory, RoleCheck roles, TimeProvider clock)
{
    /// <summary>
    /// A signed-in reader flags a comment. A second open flag by the same reader on the same comment returns the first
    /// (no pile of copies). A duplicate flag stays a flag: the moderator sees it beside the duplicate clusters.
    /// </summary>
    public async Task<SimpleOutcome> FlagAsync(string reporterUserId, int commentId, FlagReason? reason, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reporterUserId);
        if (reason is not FlagReason why || !Enum.IsDefined(why))
        {
            return SimpleOutcome.Refuse(OutcomeKind.Invalid, "신고 이유(duplicate, spam, offTopic)를 고르세요.", ProblemTypes.InvalidRequest);
        }

        var text = string.IsNullOrWhiteSpace(note) ? null : TextNormalizer.ToStoredForm(note).Trim();
        if (text is not null && (text.Length > CommentFlag.MaxNoteLength || text.Any(ch => char.IsControl(ch) && ch is not '\n' and not '\t')))
        {
            return SimpleOutcome.Refuse(OutcomeKind.Invalid, $"메모는 제어 문자 없이 {CommentFlag.MaxNoteLength}자 이하로 써 주세요.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == reporterUserId, cancellationToken))
        {
            return SimpleOutcome.Refuse(OutcomeKind.Forbidden, "로그인한 사용자만 신고할 수 있습니다.");
        }

        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new { c.EssayId, c.Status }).FirstOrDefaultAsync(cancellationToken);
        if (comment is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, "댓글을 찾을 수 없습니다.");
        }

        if (comment.Status != CommentStatus.Visible)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, "삭제되었거나 합쳐진 댓글은 신고할 수 없습니다.", ProblemTypes.ModerationRefused);
        }

        var existing = await db.CommentFlags.Where(f => f.CommentId == commentId && f.ReporterUserId == reporterUserId && f.Status == FlagStatus.Open)
            .Select(f => (int?)f.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is int existingId)
        {
            return SimpleOutcome.Ok(existingId);
        }

        var flag = new CommentFlag
        {
            CommentId = commentId,
            EssayId = comment.EssayId,
            ReporterUserId = reporterUserId,
            Reason = why,
            Note = text,
            Status = FlagStatus.Open,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CommentFlags.Add(flag);
        await db.SaveChangesAsync(cancellationToken);
        return SimpleOutcome.Ok(flag.Id);
    }

    /// <summary>Open flags, oldest first (the longest waiting on top).</summary>
    public async Task<IReadOnlyList<FlagView>> GetOpenFlagsAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from f in db.CommentFlags.AsNoTracking()
            where f.Status == FlagStatus.Open
            join c in db.Comments on f.CommentId equals c.Id
            join e in db.Essays on f.EssayId equals e.Id
            join u in db.Users on f.ReporterUserId equals u.Id into reporters
            from u in reporters.DefaultIfEmpty()
            orderby f.CreatedAt, f.Id
            select new
            {
                Flag = f,
                e.Slug,
                Reporter = u == null ? null : (u.DisplayName ?? u.UserName),
                Author = c.Author != null ? c.Author!.DisplayName : null,
                c.BodyMarkdown,
                c.Status,
            }).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FlagView(
            r.Flag.Id, r.Flag.CommentId, r.Flag.EssayId, EssayLinks.Path(r.Flag.EssayId, r.Slug), r.Flag.Reason, r.Flag.Note,
            r.Reporter ?? "(탈퇴한 사용자)", r.Flag.CreatedAt, r.Author ?? Author.UnknownDisplayName, r.BodyMarkdown, r.Status))];
    }

    /// <summary>Closes an open flag: resolved (acted on) or dismissed (nothing to do). Audited.</summary>
    public async Task<SimpleOutcome> ResolveFlagAsync(string actor, int flagId, bool dismiss, CancellationToken cancellationToken = default)
    {
        if (!await roles.IsModeratorAsync(actor, cancellationToken))
        {
            return RoleCheck.NotModerator;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await db.CommentFlags.FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (flag is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, $"신고 #{flagId}이(가) 없습니다.");
        }

        if (flag.Status != FlagStatus.Open)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, "이 신고는 이미 처리되었습니다.", ProblemTypes.ModerationRefused);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        flag.Status = dismiss ? FlagStatus.Dismissed : FlagStatus.Resolved;
        flag.ResolvedBy = actor;
        flag.ResolvedAt = now;
        db.AuditLog.Add(AuditEntry.Create(now, actor, dismiss ? AuditActions.FlagDismiss : AuditActions.FlagResolve, AuditTargets.Flag(flagId), flag.EssayId,
            new { status = "open", comment = flag.CommentId, reason = flag.Reason.ToString(), note = flag.Note },
            new { status = flag.Status.ToString().ToLowerInvariant() }));
        await db.SaveChangesAsync(cancellationToken);
        return SimpleOutcome.Ok(flagId);
    }
}
