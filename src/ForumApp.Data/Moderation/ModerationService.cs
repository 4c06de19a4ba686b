using System.Globalization;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Moderation;

/// <summary>
/// The moderators' queue and actions: duplicate clusters, merge and unmerge, "not duplicates", flags, restore and the
/// audit log. The moderation pages and the moderation API call these methods. Every action re-checks in the database
/// that the actor holds the moderator or admin role, so a demoted moderator with a live cookie or token, or a caller
/// that skipped the HTTP policy, is refused here too. Every action writes an audit entry in its transaction.
/// </summary>
public sealed class ModerationService(
    IDbContextFactory<ForumDbContext> dbFactory,
    MergeService merges,
    INearDuplicateFinder nearDuplicates,
    IEssayChangeNotifier essayChanges,
    TimeProvider clock)
{
    /// <summary>True when <paramref name="userId"/> is an account holding the moderator or admin role.</summary>
    public async Task<bool> IsModeratorAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IsModeratorAsync(db, userId, cancellationToken);
    }

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

    /// <summary>Merges <paramref name="memberIds"/> into <paramref name="canonicalId"/> (see <see cref="MergeService"/>).</summary>
    public async Task<ModerationOutcome> MergeAsync(string actor, int canonicalId, IReadOnlyCollection<int> memberIds, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        if (!await IsModeratorAsync(actor, cancellationToken))
        {
            return ModerationOutcome.Forbidden();
        }

        var members = memberIds.Distinct().ToList();
        if (members.Count == 0 || members.Contains(canonicalId))
        {
            return new ModerationOutcome(ModerationOutcomeKind.Invalid, "남길 댓글과 다른 댓글을 하나 이상 골라 합치세요.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var known = await db.Comments.Where(c => c.Id == canonicalId || members.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            if (known.Count != members.Count + 1)
            {
                var missing = members.Prepend(canonicalId).First(id => !known.Contains(id));
                return new ModerationOutcome(ModerationOutcomeKind.NotFound, $"댓글 #{missing}을(를) 찾을 수 없습니다.");
            }
        }

        return await Guard(async () => ModerationOutcome.Ok(await merges.MergeAsync(actor, canonicalId, members, reason ?? "moderator", cancellationToken)));
    }

    /// <summary>Undoes a merge (imports' merges too), restoring exactly the state before it.</summary>
    public async Task<ModerationOutcome> UnmergeAsync(string actor, int mergeId, CancellationToken cancellationToken = default)
    {
        if (!await IsModeratorAsync(actor, cancellationToken))
        {
            return ModerationOutcome.Forbidden();
        }

        if (await merges.EssayOfMergeAsync(mergeId, cancellationToken) is null)
        {
            return new ModerationOutcome(ModerationOutcomeKind.NotFound, $"병합 #{mergeId}이(가) 없습니다.");
        }

        return await Guard(async () =>
        {
            await merges.UnmergeAsync(actor, mergeId, cancellationToken);
            return ModerationOutcome.Ok(mergeId);
        });
    }

    /// <summary>
    /// "Not duplicates": every open suggested pair between two of <paramref name="commentIds"/> becomes dismissed. A
    /// dismissed pair is never suggested again: scans skip pairs that exist in any status. Returns the number dismissed.
    /// </summary>
    public async Task<ModerationOutcome> DismissAsync(string actor, IReadOnlyCollection<int> commentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commentIds);
        if (!await IsModeratorAsync(actor, cancellationToken))
        {
            return ModerationOutcome.Forbidden();
        }

        var ids = commentIds.Distinct().ToList();
        if (ids.Count < 2)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Invalid, "중복이 아니라고 표시할 댓글을 둘 이상 주세요.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pairs = await db.DuplicateSuggestions
            .Where(s => ids.Contains(s.CommentId) && ids.Contains(s.OtherCommentId))
            .ToListAsync(cancellationToken);
        if (pairs.Count == 0)
        {
            return new ModerationOutcome(ModerationOutcomeKind.NotFound, "이 댓글들 사이에 중복 제안이 없습니다.");
        }

        var open = pairs.Where(p => p.Status == DuplicateSuggestionStatus.Open).ToList();
        if (open.Count == 0)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Refused, "이 제안은 이미 처리되었습니다. 새로 고친 뒤 확인하세요.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var pair in open)
        {
            pair.Status = DuplicateSuggestionStatus.Dismissed;
            pair.DismissedBy = actor;
            pair.DismissedAt = now;
        }

        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "dismiss",
            Target = Truncate("comments:" + string.Join(',', ids.Order()), 100),
            EssayId = open[0].EssayId,
            Before = JsonSerializer.Serialize(open.Select(p => new { suggestion = p.Id, p.CommentId, p.OtherCommentId, status = "open" })),
            After = JsonSerializer.Serialize(open.Select(p => new { suggestion = p.Id, p.CommentId, p.OtherCommentId, status = "dismissed" })),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ModerationOutcome.Ok(open.Count);
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
        var names = await ActorNamesAsync(db, list.Select(m => m.MergedBy).Concat(list.Select(m => m.UndoneBy ?? "")), cancellationToken);
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

    /// <summary>
    /// Restores a deleted comment (its author's or a moderator's delete): visible again, counted again, audited.
    /// Refused for a comment that is not deleted.
    /// </summary>
    public async Task<ModerationOutcome> RestoreAsync(string actor, int commentId, CancellationToken cancellationToken = default)
    {
        if (!await IsModeratorAsync(actor, cancellationToken))
        {
            return ModerationOutcome.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return new ModerationOutcome(ModerationOutcomeKind.NotFound, "댓글을 찾을 수 없습니다.");
        }

        if (comment.Status != CommentStatus.Deleted)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Refused, "삭제된 댓글만 되살릴 수 있습니다.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        comment.Status = CommentStatus.Visible;
        comment.DeletedByModerator = false;
        comment.Version++;
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "restore",
            Target = "comment:" + commentId.ToString(CultureInfo.InvariantCulture),
            EssayId = comment.EssayId,
            Before = JsonSerializer.Serialize(new { status = "deleted" }),
            After = JsonSerializer.Serialize(new { status = "visible" }),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Conflict, "다른 사람이 먼저 이 댓글을 바꿨습니다. 새로 고친 뒤 다시 확인하세요.");
        }

        await db.Essays.Where(e => e.Id == comment.EssayId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CommentCount, e => e.CommentCount + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await nearDuplicates.CommentChangedAsync(comment.EssayId, commentId, comment.BodyMarkdown, cancellationToken);
        await essayChanges.EssayChangedAsync(comment.EssayId, cancellationToken);
        return ModerationOutcome.Ok(commentId);
    }

    /// <summary>The most recently written comments that are deleted (by their author or a moderator), newest first.</summary>
    public async Task<IReadOnlyList<DeletedCommentView>> GetDeletedCommentsAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Deleted)
            .OrderByDescending(c => c.Id)
            .Take(take)
            .Select(c => new
            {
                c.Id,
                c.EssayId,
                Slug = db.Essays.Where(e => e.Id == c.EssayId).Select(e => e.Slug).FirstOrDefault(),
                Author = c.Author != null ? c.Author!.DisplayName : null,
                c.CreatedAt,
                c.BodyMarkdown,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DeletedCommentView(r.Id, r.EssayId, EssayLinks.Path(r.EssayId, r.Slug ?? ""), r.Author ?? Author.UnknownDisplayName, r.CreatedAt, r.BodyMarkdown))];
    }

    /// <summary>
    /// A signed-in reader flags a comment. A second open flag by the same reader on the same comment returns the first
    /// (no pile of copies). A duplicate flag stays a flag: the moderator sees it beside the duplicate clusters.
    /// </summary>
    public async Task<ModerationOutcome> FlagAsync(string reporterUserId, int commentId, FlagReason reason, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reporterUserId);
        if (!Enum.IsDefined(reason))
        {
            return new ModerationOutcome(ModerationOutcomeKind.Invalid, "신고 이유를 고르세요.");
        }

        var text = string.IsNullOrWhiteSpace(note) ? null : TextNormalizer.ToStoredForm(note).Trim();
        if (text is not null && (text.Length > CommentFlag.MaxNoteLength || text.Any(ch => char.IsControl(ch) && ch is not '\n' and not '\t')))
        {
            return new ModerationOutcome(ModerationOutcomeKind.Invalid, $"메모는 제어 문자 없이 {CommentFlag.MaxNoteLength}자 이하로 써 주세요.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == reporterUserId, cancellationToken))
        {
            return new ModerationOutcome(ModerationOutcomeKind.Forbidden, "로그인한 사용자만 신고할 수 있습니다.");
        }

        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == commentId)
            .Select(c => new { c.EssayId, c.Status }).FirstOrDefaultAsync(cancellationToken);
        if (comment is null)
        {
            return new ModerationOutcome(ModerationOutcomeKind.NotFound, "댓글을 찾을 수 없습니다.");
        }

        if (comment.Status != CommentStatus.Visible)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Refused, "삭제되었거나 합쳐진 댓글은 신고할 수 없습니다.");
        }

        var existing = await db.CommentFlags.Where(f => f.CommentId == commentId && f.ReporterUserId == reporterUserId && f.Status == FlagStatus.Open)
            .Select(f => (int?)f.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is int existingId)
        {
            return ModerationOutcome.Ok(existingId);
        }

        var flag = new CommentFlag
        {
            CommentId = commentId,
            EssayId = comment.EssayId,
            ReporterUserId = reporterUserId,
            Reason = reason,
            Note = text,
            Status = FlagStatus.Open,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CommentFlags.Add(flag);
        await db.SaveChangesAsync(cancellationToken);
        return ModerationOutcome.Ok(flag.Id);
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
    public async Task<ModerationOutcome> ResolveFlagAsync(string actor, int flagId, bool dismiss, CancellationToken cancellationToken = default)
    {
        if (!await IsModeratorAsync(actor, cancellationToken))
        {
            return ModerationOutcome.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flag = await db.CommentFlags.FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (flag is null)
        {
            return new ModerationOutcome(ModerationOutcomeKind.NotFound, $"신고 #{flagId}이(가) 없습니다.");
        }

        if (flag.Status != FlagStatus.Open)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Refused, "이 신고는 이미 처리되었습니다.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        flag.Status = dismiss ? FlagStatus.Dismissed : FlagStatus.Resolved;
        flag.ResolvedBy = actor;
        flag.ResolvedAt = now;
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = dismiss ? "flag-dismiss" : "flag-resolve",
            Target = "flag:" + flagId.ToString(CultureInfo.InvariantCulture),
            EssayId = flag.EssayId,
            Before = JsonSerializer.Serialize(new { status = "open", comment = flag.CommentId, reason = flag.Reason.ToString(), note = flag.Note }),
            After = JsonSerializer.Serialize(new { status = flag.Status.ToString().ToLowerInvariant() }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return ModerationOutcome.Ok(flagId);
    }

    /// <summary>The audit log, newest first, filtered and paged. An actor given as a login name matches that account's id.</summary>
    public async Task<AuditPage> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim().ToLowerInvariant();
            entries = entries.Where(a => a.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            var normalized = actor.ToUpperInvariant();
            var userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            entries = entries.Where(a => a.Actor == actor || (userId != null && a.Actor == userId));
        }

        if (query.From is DateTime from)
        {
            entries = entries.Where(a => a.At >= from);
        }

        if (query.To is DateTime to)
        {
            entries = entries.Where(a => a.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var names = await ActorNamesAsync(db, rows.Select(r => r.Actor), cancellationToken);
        return new AuditPage(
            [.. rows.Select(a => new AuditEntryView(a.Id, a.At, a.Actor, names.GetValueOrDefault(a.Actor, a.Actor), a.Action, a.Target, a.EssayId, a.Before, a.After))],
            total,
            page,
            size);
    }

    internal static async Task<bool> IsModeratorAsync(ForumDbContext db, string userId, CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where ur.UserId == userId && (r.Name == ForumRoles.Moderator || r.Name == ForumRoles.Admin)
               select ur).AnyAsync(cancellationToken);

    /// <summary>Login names for user ids; "import", "system" and "cli" stay as they are.</summary>
    private static async Task<Dictionary<string, string>> ActorNamesAsync(ForumDbContext db, IEnumerable<string> actors, CancellationToken cancellationToken)
    {
        var ids = actors.Where(a => !string.IsNullOrEmpty(a)).Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, cancellationToken);
    }

    private static async Task<ModerationOutcome> Guard(Func<Task<ModerationOutcome>> action)
    {
        try
        {
            return await action();
        }
        catch (MergeConflictException e)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Conflict, e.Message);
        }
        catch (MergeRefusedException e)
        {
            return new ModerationOutcome(ModerationOutcomeKind.Refused, e.Message);
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
