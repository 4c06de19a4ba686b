using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Core.Notifications;
using ForumApp.Core.Reactions;
using ForumApp.Data.Reactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ForumApp.Data.Notifications;

/// <summary>
/// Makes notifications from the change feed: replies (to a comment, to an essay, anchored to a paragraph), mentions,
/// and a moderator's merge, unmerge or restore of someone's comment. Only on the node that committed the change
/// (a change relayed from another node, through Redis or read from the change log by the follower, is marked
/// <see cref="ForumChange.Relayed"/> and skipped: that node tells), and at most once per change, person and kind (a
/// unique key; a replayed change adds nothing). One person gets one notification per change however many reasons
/// apply; nobody is told about their own doing; hidden or unpublished content tells nobody.
/// </summary>
public sealed partial class NotificationListener(IDbContextFactory<ForumDbContext> dbFactory, ILogger<NotificationListener> logger) : IDeferredChangeListener
{
    /// <inheritdoc />
    /// <remarks>
    /// What each change tells is planned in order; the notifications of replies, mentions and restores are stored
    /// together, in one transaction per batch (a merge or an unmerge, which folds or unfolds what was stored, first
    /// stores what was planned before it).
    /// </remarks>
    public async Task OnChangesAsync(IReadOnlyList<ForumChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var planned = new List<(ForumChange Change, List<Planned> Plan)>();
        var told = new HashSet<(string RecipientUserId, int EssayId, int AuthorId, long ContentHash)>();
        var mine = changes.Where(c => !c.Relayed && c.Sequence != 0).ToList();
        var posted = await PostedRowsAsync(db, mine, cancellationToken);
        var recipients = await RecipientsAsync(db, posted.Values, cancellationToken);
        var copies = await ToldAboutCopiesAsync(db, posted, recipients, cancellationToken);
        foreach (var change in mine)
        {
            if (change.Kind is ForumChangeKind.CommentsMerged or ForumChangeKind.CommentsUnmerged && planned.Count > 0)
            {
                await AddAsync(db, planned, cancellationToken);
                planned.Clear();
            }

            var plan = change.Kind switch
            {
                ForumChangeKind.CommentPosted => Posted(posted.GetValueOrDefault(change.CommentIds[0]), recipients, copies, told),
                ForumChangeKind.CommentsMerged => await MergedAsync(db, change, cancellationToken),
                ForumChangeKind.CommentsUnmerged => await UnmergedAsync(db, change, cancellationToken),
                ForumChangeKind.CommentRestored => await RestoredAsync(db, change, cancellationToken),
                _ => [],
            };
            if (plan.Count > 0)
            {
                planned.Add((change, plan));
            }
        }

        if (planned.Count > 0)
        {
            await AddAsync(db, planned, cancellationToken);
        }
    }

    private static readonly NotificationKind[] AboutContent =
        [NotificationKind.CommentReply, NotificationKind.ParagraphReply, NotificationKind.EssayReply, NotificationKind.Mention];

    private sealed record Planned(string RecipientUserId, NotificationKind Kind, int EssayId, int CommentId, string? ActorName);

    // What a batch's posts tell needs each new comment, its essay and its parent's author: one read for the whole batch
    // (the changes are all committed before the batch is handed over, so reading first sees what reading each in turn
    // would).
    private sealed record PostedRow(
        int Id, int EssayId, int? ParentId, int? ParagraphId, CommentStatus Status, string BodyMarkdown, long ContentHash, int AuthorId,
        string? UserId, string Name, EssayStatus? EssayStatus, string? EssayUserId, string? ParentUserId);

    private static async Task<Dictionary<int, PostedRow>> PostedRowsAsync(ForumDbContext db, IEnumerable<ForumChange> changes, CancellationToken cancellationToken)
    {
        var ids = changes.Where(c => c.Kind == ForumChangeKind.CommentPosted).Select(c => c.CommentIds[0]).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new PostedRow(
                c.Id, c.EssayId, c.ParentId, c.ParagraphId, c.Status, c.BodyMarkdown, c.ContentHash, c.AuthorId, c.Author!.UserId, c.Author.DisplayName,
                db.Essays.Where(e => e.Id == c.EssayId).Select(e => (EssayStatus?)e.Status).FirstOrDefault(),
                db.Essays.Where(e => e.Id == c.EssayId).Select(e => e.Author == null ? null : e.Author.UserId).FirstOrDefault(),
                db.Comments.Where(p => p.Id == c.ParentId).Select(p => p.Author!.UserId).FirstOrDefault()))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
    }

    // Who a post tells, in order of precedence (the first reason that applies to a person is the one they are told),
    // for every post of the batch that is still visible in a published essay: parents' and essays' authors come with
    // the rows, and the accounts the texts mention are looked up once for the whole batch.
    private static async Task<Dictionary<int, List<(string UserId, NotificationKind Kind)>>> RecipientsAsync(
        ForumDbContext db, IEnumerable<PostedRow> rows, CancellationToken cancellationToken)
    {
        var shown = rows.Where(c => c.Status == CommentStatus.Visible && c.EssayStatus == EssayStatus.Published).ToList();
        var mentions = await MentionsAsync(db, shown.Select(c => c.BodyMarkdown), cancellationToken);
        var result = new Dictionary<int, List<(string, NotificationKind)>>();
        foreach (var c in shown)
        {
            var reasons = new List<(string? UserId, NotificationKind Kind)>();
            if (c.ParentId is not null)
            {
                reasons.Add((c.ParentUserId, NotificationKind.CommentReply));
            }

            if (c.ParagraphId is not null)
            {
                reasons.Add((c.EssayUserId, NotificationKind.ParagraphReply));
            }

            if (c.ParentId is null)
            {
                reasons.Add((c.EssayUserId, NotificationKind.EssayReply));
            }

            reasons.AddRange(Mentions.Resolve(c.BodyMarkdown, key => mentions.GetValueOrDefault(key)).Select(m => ((string?)m, NotificationKind.Mention)));
            result[c.Id] = [.. reasons.Where(r => r.UserId is not null && r.UserId != c.UserId).DistinctBy(r => r.UserId).Select(r => (r.UserId!, r.Kind))];
        }

        return result;
    }

    // A copy of a comment the same person was already told about (the same author and text, in the same essay) tells
    // nobody again: a duplicate that moderators will merge does not notify twice. What was stored before the batch is
    // read here in one query: (recipient, essay, author, text) -> the comments they were told about.
    private static async Task<ILookup<(string RecipientUserId, int EssayId, int AuthorId, long ContentHash), int>> ToldAboutCopiesAsync(
        ForumDbContext db, Dictionary<int, PostedRow> posted, Dictionary<int, List<(string UserId, NotificationKind Kind)>> recipients, CancellationToken cancellationToken)
    {
        var ids = recipients.Values.SelectMany(r => r).Select(r => r.UserId).Distinct(StringComparer.Ordinal).ToList();
        var rows = recipients.Keys.Select(id => posted[id]).ToList();
        var essays = rows.Select(c => c.EssayId).Distinct().ToList();
        var authors = rows.Select(c => c.AuthorId).Distinct().ToList();
        var hashes = rows.Select(c => c.ContentHash).Distinct().ToList();
        List<ToldRow> stored = ids.Count == 0 ? [] : await db.Notifications.AsNoTracking()
            .Where(n => ids.Contains(n.RecipientUserId) && n.EssayId != null && essays.Contains(n.EssayId.Value) && n.CommentId != null)
            .Join(db.Comments.Where(o => authors.Contains(o.AuthorId) && hashes.Contains(o.ContentHash)),
                n => n.CommentId, o => (int?)o.Id, (n, o) => new ToldRow(n.RecipientUserId, n.EssayId!.Value, o.AuthorId, o.ContentHash, o.Id))
            .ToListAsync(cancellationToken);
        return stored.ToLookup(s => (s.RecipientUserId, s.EssayId, s.AuthorId, s.ContentHash), s => s.Id);
    }

    private sealed record ToldRow(string RecipientUserId, int EssayId, int AuthorId, long ContentHash, int Id);

    private static List<Planned> Posted(
        PostedRow? c,
        Dictionary<int, List<(string UserId, NotificationKind Kind)>> recipients,
        ILookup<(string, int, int, long), int> copies,
        HashSet<(string, int, int, long)> told)
    {
        if (c is null || !recipients.TryGetValue(c.Id, out var people))
        {
            return []; // hidden before the listener ran: nothing to tell
        }

        // Told means stored before the batch, or planned earlier in it.
        return [.. people.Where(r => !copies[(r.UserId, c.EssayId, c.AuthorId, c.ContentHash)].Any(id => id != c.Id)
                && told.Add((r.UserId, c.EssayId, c.AuthorId, c.ContentHash)))
            .Select(r => new Planned(r.UserId, r.Kind, c.EssayId, c.Id, c.Name))];
    }

    // The accounts the texts mention, by mention key: a user name (Identity's normalized form) or a display name held
    // by one account only.
    private static async Task<Dictionary<string, string>> MentionsAsync(ForumDbContext db, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var keys = texts.SelectMany(Mentions.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var byUserName = await db.Users.AsNoTracking().Where(u => keys.Contains(u.NormalizedUserName!))
            .Select(u => new { u.Id, u.NormalizedUserName }).ToListAsync(cancellationToken);
#pragma warning disable CA1304, CA1311 // translated to SQL upper(): Latin case ignored, Hangul has none
        var byDisplayName = await db.Users.AsNoTracking().Where(u => keys.Contains(u.DisplayName.ToUpper()))
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311
        var map = byDisplayName.GroupBy(u => Mentions.Key(u.DisplayName)).Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Id, StringComparer.Ordinal);
        foreach (var u in byUserName)
        {
            map[u.NormalizedUserName!] = u.Id; // a user name wins over someone else's display name
        }

        return map;
    }

    private static async Task<List<Planned>> MergedAsync(ForumDbContext db, ForumChange change, CancellationToken cancellationToken)
    {
        var merge = await db.Merges.AsNoTracking().Include(m => m.Members).FirstOrDefaultAsync(m => m.Id == change.MergeId, cancellationToken);
        if (merge is null)
        {
            return [];
        }

        // Fold what people were told about the copies into what they were told about the kept comment.
        var states = await ReactionService.StatesAsync(db, merge.EssayId, cancellationToken);
        var group = ReactionCounts.Group(states, ReactionCounts.Shown(states, merge.CanonicalId));
        await using (var tx = await db.BeginWriteAsync(cancellationToken))
        {
            var told = await db.Notifications.Where(n => n.CommentId != null && group.Contains(n.CommentId.Value) && !n.Folded && AboutContent.Contains(n.Kind))
                .ToListAsync(cancellationToken);
            foreach (var person in told.GroupBy(n => n.RecipientUserId))
            {
                var keep = person.OrderBy(n => n.CommentId == merge.CanonicalId ? 0 : 1).ThenBy(n => n.Id).First();
                foreach (var n in person.Where(n => n != keep))
                {
                    n.Folded = true;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        return merge.MergedBy == AuditActors.Import ? [] : await ModeratedAsync(db, merge, merge.MergedBy, NotificationKind.CommentMerged, cancellationToken);
    }

    private static async Task<List<Planned>> UnmergedAsync(ForumDbContext db, ForumChange change, CancellationToken cancellationToken)
    {
        var merge = await db.Merges.AsNoTracking().Include(m => m.Members).FirstOrDefaultAsync(m => m.Id == change.MergeId, cancellationToken);
        if (merge is null)
        {
            return [];
        }

        var copies = merge.Members.Where(m => m.Role == MergeMemberRole.Duplicate).Select(m => m.CommentId).ToList();
        await using (var tx = await db.BeginWriteAsync(cancellationToken))
        {
            await db.Notifications.Where(n => n.Folded && n.CommentId != null && copies.Contains(n.CommentId.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Folded, false), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        return await ModeratedAsync(db, merge, merge.UndoneBy ?? merge.MergedBy, NotificationKind.CommentUnmerged, cancellationToken);
    }

    // The authors of the merged copies, each once, unless they did it themselves.
    private static async Task<List<Planned>> ModeratedAsync(ForumDbContext db, Merge merge, string actor, NotificationKind kind, CancellationToken cancellationToken)
    {
        var copies = merge.Members.Where(m => m.Role == MergeMemberRole.Duplicate).Select(m => m.CommentId).ToList();
        var authors = await db.Comments.AsNoTracking().Where(c => copies.Contains(c.Id))
            .OrderBy(c => c.Id).Select(c => new { c.Id, UserId = c.Author!.UserId }).ToListAsync(cancellationToken);
        return [.. authors.Where(a => a.UserId is not null && a.UserId != actor).DistinctBy(a => a.UserId)
            .Select(a => new Planned(a.UserId!, kind, merge.EssayId, a.Id, null))];
    }

    private static async Task<List<Planned>> RestoredAsync(ForumDbContext db, ForumChange change, CancellationToken cancellationToken)
    {
        var id = change.CommentIds[0];
        var c = await db.Comments.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.EssayId, c.Status, UserId = c.Author!.UserId }).FirstOrDefaultAsync(cancellationToken);
        var target = AuditTargets.Comment(id);
        var actor = await db.AuditLog.AsNoTracking().Where(a => a.Target == target && a.Action == AuditActions.Restore)
            .OrderByDescending(a => a.Id).Select(a => a.Actor).FirstOrDefaultAsync(cancellationToken);
        return c is null || c.Status != CommentStatus.Visible || c.UserId is null || c.UserId == actor
            ? []
            : [new Planned(c.UserId, NotificationKind.CommentRestored, c.EssayId, id, null)];
    }

    // Stores the planned notifications in one transaction; those a replay already stored are left out. When the
    // unique key refuses the batch (a replay racing the first run), each change is stored on its own.
    private async Task AddAsync(ForumDbContext db, List<(ForumChange Change, List<Planned> Plan)> planned, CancellationToken cancellationToken)
    {
        try
        {
            await StoreAsync(db, planned, cancellationToken);
        }
        catch (DbUpdateException e) when (planned.Count > 1)
        {
            LogAlreadyNotified(logger, e, planned[0].Change.Sequence);
            db.ChangeTracker.Clear();
            foreach (var one in planned)
            {
                await AddAsync(db, [one], cancellationToken);
            }
        }
        catch (DbUpdateException e)
        {
            // What is stored is right: the first run stored it.
            LogAlreadyNotified(logger, e, planned[0].Change.Sequence);
            db.ChangeTracker.Clear();
        }
    }

    private async Task StoreAsync(ForumDbContext db, List<(ForumChange Change, List<Planned> Plan)> planned, CancellationToken cancellationToken)
    {
        await using var tx = await db.BeginWriteAsync(cancellationToken);
        var sequences = planned.Select(p => p.Change.Sequence).ToList();
        var existing = (await db.Notifications.Where(n => sequences.Contains(n.ChangeSequence))
            .Select(n => new { n.ChangeSequence, n.RecipientUserId }).ToListAsync(cancellationToken))
            .Select(n => (n.ChangeSequence, n.RecipientUserId)).ToHashSet();
        var added = 0;
        foreach (var (change, plan) in planned)
        {
            foreach (var p in plan.Where(p => !existing.Contains((change.Sequence, p.RecipientUserId))))
            {
                db.Notifications.Add(new Notification
                {
                    RecipientUserId = p.RecipientUserId,
                    Kind = p.Kind,
                    ChangeSequence = change.Sequence,
                    EssayId = p.EssayId,
                    CommentId = p.CommentId,
                    ActorName = p.ActorName,
                    CreatedAt = change.At,
                });
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        if (added > 0)
        {
            LogNotified(logger, added, planned.Count, planned[^1].Change.Sequence);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} notifications for {Changes} changes up to #{Sequence}")]
    private static partial void LogNotified(ILogger logger, int count, int changes, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications for change #{Sequence} were already made")]
    private static partial void LogAlreadyNotified(ILogger logger, Exception exception, long sequence);
}
