using ForumApp.Core;
using ForumApp.Core.Changes;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Essays;

/// <summary>An essay pair of the duplicate queue, as the moderation page shows it.</summary>
public sealed record EssayDuplicateView(
    int Id, int EssayId, string EssayTitle, string EssayPath, int OtherEssayId, string OtherTitle, string OtherPath,
    EssayOverlapKind Kind, double Score, DateTime CreatedAt);

/// <summary>An essay a moderator has taken off the list.</summary>
public sealed record UnpublishedEssayView(int EssayId, string Title, string Path, string AuthorName, int CommentCount);

/// <summary>
/// Moderators' actions on essays: unpublish and restore (audited; the discussion stays intact), and the essay pairs
/// of the duplicate queue. Every action checks the moderator right in the database (<see cref="RoleCheck"/>).
/// </summary>
public sealed class EssayModerationService(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The longest reason a moderator gives for unpublishing.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Takes a published essay off the list and away from readers; its comments are kept as they are.</summary>
    public Task<EssayOutcome> UnpublishAsync(string moderatorId, int essayId, string? reason = null, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(moderatorId, essayId, EssayStatus.Published, EssayStatus.Unpublished, AuditActions.EssayUnpublish, reason,
            "게시 중인 에세이만 게시를 중단할 수 있습니다.", cancellationToken);

    /// <summary>Puts an unpublished essay back on the list, with its discussion.</summary>
    public Task<EssayOutcome> RestoreAsync(string moderatorId, int essayId, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(moderatorId, essayId, EssayStatus.Unpublished, EssayStatus.Published, AuditActions.EssayRestore, null,
            "게시가 중단된 에세이만 다시 게시할 수 있습니다.", cancellationToken);

    /// <summary>Open essay pairs of the duplicate queue, oldest first.</summary>
    public async Task<IReadOnlyList<EssayDuplicateView>> GetOpenDuplicatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from s in db.EssayDuplicateSuggestions.AsNoTracking()
                          where s.Status == DuplicateSuggestionStatus.Open
                          join a in db.Essays on s.EssayId equals a.Id
                          join b in db.Essays on s.OtherEssayId equals b.Id
                          orderby s.CreatedAt, s.Id
                          select new { s, ATitle = a.Title, ASlug = a.Slug, BTitle = b.Title, BSlug = b.Slug })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EssayDuplicateView(
            r.s.Id, r.s.EssayId, r.ATitle, EssayLinks.Path(r.s.EssayId, r.ASlug), r.s.OtherEssayId, r.BTitle, EssayLinks.Path(r.s.OtherEssayId, r.BSlug),
            r.s.Kind, r.s.Score, r.s.CreatedAt))];
    }

    /// <summary>Unpublished essays, most recently written first.</summary>
    public async Task<IReadOnlyList<UnpublishedEssayView>> GetUnpublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Essays.AsNoTracking().Where(e => e.Status == EssayStatus.Unpublished)
            .OrderByDescending(e => e.Id).Take(100)
            .Select(e => new { e.Id, e.Title, e.Slug, Author = e.Author == null ? Author.UnknownDisplayName : e.Author.DisplayName, e.CommentCount })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new UnpublishedEssayView(r.Id, r.Title, EssayLinks.Path(r.Id, r.Slug), r.Author, r.CommentCount))];
    }

    /// <summary>Marks an essay pair as checked: it leaves the queue (audited).</summary>
    public async Task<SimpleOutcome> DismissDuplicateAsync(string moderatorId, int suggestionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await RoleCheck.IsModeratorAsync(db, moderatorId, cancellationToken))
        {
            return RoleCheck.NotModerator;
        }

        var suggestion = await db.EssayDuplicateSuggestions.FirstOrDefaultAsync(s => s.Id == suggestionId, cancellationToken);
        if (suggestion is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, "중복 후보를 찾을 수 없습니다.");
        }

        if (suggestion.Status != DuplicateSuggestionStatus.Open)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, "이미 확인한 중복 후보입니다.", ProblemTypes.ModerationRefused);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        suggestion.Status = DuplicateSuggestionStatus.Dismissed;
        suggestion.DismissedBy = moderatorId;
        suggestion.DismissedAt = now;
        db.AuditLog.Add(AuditEntry.Create(now, moderatorId, AuditActions.EssayDuplicateDismiss, AuditTargets.Essay(suggestion.EssayId), suggestion.EssayId,
            new { otherEssay = suggestion.OtherEssayId, status = "open" }, new { otherEssay = suggestion.OtherEssayId, status = "dismissed" }));
        await db.SaveChangesAsync(cancellationToken);
        return SimpleOutcome.Ok(suggestionId);
    }

    private async Task<EssayOutcome> ChangeStatusAsync(
        string moderatorId, int essayId, EssayStatus from, EssayStatus to, string action, string? reason, string wrongState, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(moderatorId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await RoleCheck.IsModeratorAsync(db, moderatorId, cancellationToken))
        {
            return EssayOutcome.From(RoleCheck.NotModerator);
        }

        var essay = await db.Essays.Include(e => e.Author).FirstOrDefaultAsync(e => e.Id == essayId, cancellationToken);
        if (essay is null || essay.Status == EssayStatus.Draft)
        {
            return EssayOutcome.NotFound();
        }

        if (essay.Status != from)
        {
            return EssayOutcome.State(wrongState);
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : Core.Text.TextNormalizer.ToStoredForm(reason).Trim();
        if (reason?.Length > MaxReasonLength)
        {
            return new EssayOutcome(OutcomeKind.Invalid, $"사유는 {MaxReasonLength}자를 넘을 수 없습니다.", ProblemTypes.InvalidRequest);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        essay.Status = to;
        db.AuditLog.Add(AuditEntry.Create(now, moderatorId, action, AuditTargets.Essay(essayId), essayId,
            new { status = Name(from) }, new { status = Name(to), reason }));
        // The change feed evicts the essay's cached pages (the anonymous page first of all) and the lists.
        db.RecordChange(ForumChange.EssayChanged(essayId, essay.AuthorId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EssayOutcome.Ok(essay, []);
    }

    private static string Name(EssayStatus status) => status.ToString().ToLowerInvariant();
}
