using ForumApp.Core;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Drafts;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>
/// Writes comments: post, edit, delete and restore. The composer, the moderation page and the JSON API all call these
/// methods, and the composer asks <see cref="CommentQueries.PrepareComposerAsync"/> what it may offer (by the same
/// rules, <see cref="CommentAccess"/>), so every rule (validation,
/// duplicates, ownership, the moderator check) lives here once. Each write records its change for the change feed.
/// Posting limits depend on the channel's address and live in the web host.
/// </summary>
public sealed class CommentService(
    IDbContextFactory<ForumDbContext> dbFactory,
    MarkdownRenderer markdown,
    INearDuplicateFinder nearDuplicates,
    Diagnostics.ForumMetrics metrics,
    TimeProvider clock)
{
    /// <summary>How long the same text from the same author is refused.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Posts a reply to the essay (<paramref name="parentId"/> null) or to one of its comments. Refuses invalid text,
    /// the same text from the same author within 24 h, and, unless <paramref name="acknowledgeNearDuplicate"/>, text close
    /// to a visible comment of the essay; an acknowledged near-duplicate is posted and queued for moderators.
    /// </summary>
    public Task<CommentOutcome> PostAsync(
        CommentActor actor,
        int essayId,
        int? parentId,
        string? body,
        bool acknowledgeNearDuplicate = false,
        CancellationToken cancellationToken = default) =>
        PostAsync(actor, essayId, parentId, body, new CommentPostOptions(acknowledgeNearDuplicate), cancellationToken);

    /// <summary>
    /// Posts a reply as above, with its anchor and stance (<paramref name="options"/>): a paragraph of the essay's current
    /// revision (a reply to a comment without one takes its parent's) and 찬성/반대/질문/보충. The comment records the
    /// essay's revision it answers. An unknown paragraph is refused with <see cref="CommentProblem.ParagraphNotFound"/>.
    /// </summary>
    public async Task<CommentOutcome> PostAsync(
        CommentActor actor,
        int essayId,
        int? parentId,
        string? body,
        CommentPostOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(options);
        var acknowledgeNearDuplicate = options.AcknowledgeNearDuplicate;
        if (CommentRules.Check(body) is { } problem)
        {
            return CommentOutcome.Invalid(problem);
        }

        // Rendered before anything is read or written: text the renderer cannot show is refused, never half-stored.
        var stored = TextNormalizer.ToStoredForm(body!);
        if (!markdown.TryToSafeHtml(stored, out var html))
        {
            return CommentOutcome.Invalid(CommentProblem.TooDeeplyNested);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var target = await CommentAccess.ReplyTargetAsync(db, essayId, parentId, options.ParagraphId, cancellationToken);
        if (target.Refusal is { } refusal)
        {
            return refusal;
        }

        var hash = ContentHash.Of(stored);
        var now = clock.GetUtcNow().UtcDateTime;
        var (author, earlierId) = await AuthorWithEarlierSameTextAsync(db, actor.UserId, stored, hash, now, cancellationToken);
        if (author is null)
        {
            return CommentOutcome.Forbidden("댓글을 쓸 수 있는 계정이 아닙니다.");
        }

        if (earlierId is int earlier)
        {
            return new CommentOutcome(OutcomeKind.Conflict, "같은 내용의 댓글을 24시간 안에 이미 올렸습니다.", ProblemTypes.DuplicateComment)
            {
                EarlierCommentId = earlier,
                Detail = $"The same text was posted as comment {earlier} within 24 hours.",
            };
        }

        var matches = await nearDuplicates.FindAsync(essayId, stored, cancellationToken: cancellationToken);
        metrics.DedupChecked();
        if (matches.Count > 0 && !acknowledgeNearDuplicate)
        {
            return new CommentOutcome(OutcomeKind.Conflict, "이 에세이에 비슷한 댓글이 이미 있습니다. 확인한 뒤에도 올릴 수 있습니다.", ProblemTypes.NearDuplicateComment)
            {
                Matches = matches,
                Detail = "Resend with acknowledgeDuplicate=true (or ?force=true) to post anyway; the pair is then queued for moderators.",
            };
        }

        var comment = new Comment
        {
            EssayId = essayId,
            ParentId = parentId,
            AuthorId = author.Id,
            BodyMarkdown = stored,
            BodyHtml = html,
            CreatedAt = now,
            Status = CommentStatus.Visible,
            ContentHash = hash,
            Version = 1,
            ParagraphId = target.ParagraphId,
            Stance = options.Stance,
            EssayRevision = target.Revision,
        };

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.Comments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        db.CommentRevisions.Add(new CommentRevision
        {
            CommentId = comment.Id, Number = 1, AuthorId = author.Id, CreatedAt = now, BodyMarkdown = stored, Stance = options.Stance,
        });
        db.DuplicateSuggestions.AddRange(matches.Select(match => DuplicateSuggestion.FromPost(essayId, comment.Id, match, now)));
        db.RecordChange(ForumChange.CommentPosted(essayId, comment.Id, author.Id, parentId), now);
        await db.SaveChangesAsync(cancellationToken);
        await RemoveDraftAsync(db, actor, DraftPlaces.Reply(essayId, parentId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.CommentPosted();

        comment.Author = author;
        return CommentOutcome.Ok(comment);
    }

    /// <summary>Replaces the text of the actor's own visible comment, keeping the previous text as a revision.</summary>
    public Task<CommentOutcome> EditAsync(CommentActor actor, int commentId, string? body, CancellationToken cancellationToken = default) =>
        EditAsync(actor, commentId, body, CommentEditOptions.KeepStance, cancellationToken);

    /// <summary>
    /// Replaces the text of the actor's own visible comment and, when <paramref name="options"/> says so, its stance;
    /// the previous text and stance stay as a revision.
    /// </summary>
    public async Task<CommentOutcome> EditAsync(CommentActor actor, int commentId, string? body, CommentEditOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(options);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var comment = await db.Comments.Include(c => c.Author).FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (CommentAccess.EditRefusal(comment, actor) is { } refusal)
        {
            return refusal;
        }

        if (CommentRules.Check(body) is { } problem)
        {
            return CommentOutcome.Invalid(problem);
        }

        var stored = TextNormalizer.ToStoredForm(body!);
        var stance = options.ChangeStance ? options.Stance : comment!.Stance;
        if (string.Equals(stored, comment!.BodyMarkdown, StringComparison.Ordinal) && stance == comment.Stance)
        {
            // Nothing to change, but what the draft was for is done: it goes.
            await using var unchanged = await db.BeginWriteAsync(cancellationToken);
            await RemoveDraftAsync(db, actor, DraftPlaces.Edit(comment.EssayId, commentId), cancellationToken);
            await unchanged.CommitAsync(cancellationToken);
            return CommentOutcome.Ok(comment);
        }

        if (!markdown.TryToSafeHtml(stored, out var html))
        {
            return CommentOutcome.Invalid(CommentProblem.TooDeeplyNested);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var last = await db.CommentRevisions.Where(r => r.CommentId == commentId).MaxAsync(r => (int?)r.Number, cancellationToken);
        if (last is null)
        {
            // A comment from before revisions were kept (imported): its current text becomes revision 1.
            db.CommentRevisions.Add(new CommentRevision
            {
                CommentId = commentId, Number = 1, AuthorId = comment.AuthorId, CreatedAt = comment.CreatedAt, BodyMarkdown = comment.BodyMarkdown,
                Stance = comment.Stance,
            });
            last = 1;
        }

        db.CommentRevisions.Add(new CommentRevision
        {
            CommentId = commentId, Number = last.Value + 1, AuthorId = comment.AuthorId, CreatedAt = now, BodyMarkdown = stored, Stance = stance,
        });
        comment.Stance = stance;
        comment.BodyMarkdown = stored;
        comment.BodyHtml = html;
        comment.ContentHash = ContentHash.Of(stored);
        comment.EditedAt = now;
        comment.Version++;
        db.RecordChange(ForumChange.CommentEdited(comment.EssayId, commentId, comment.AuthorId), now);
        await db.SaveChangesAsync(cancellationToken);
        await RemoveDraftAsync(db, actor, DraftPlaces.Edit(comment.EssayId, commentId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommentOutcome.Ok(comment);
    }

    /// <summary>
    /// Deletes a comment: its author or a moderator. The comment stays as a tombstone (its text kept for moderators) so
    /// its replies keep their place. Deleting a deleted comment succeeds and changes nothing.
    /// </summary>
    public async Task<CommentOutcome> DeleteAsync(CommentActor actor, int commentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var comment = await db.Comments.Include(c => c.Author).FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        var own = comment?.Author?.UserId == actor.UserId;
        var moderator = !own && comment is not null && await RoleCheck.IsModeratorAsync(db, actor.UserId, cancellationToken);
        if (CommentAccess.DeleteRefusal(comment, own, moderator) is { } refusal)
        {
            return refusal;
        }

        if (comment!.Status == CommentStatus.Deleted)
        {
            return CommentOutcome.Ok(comment);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        comment.Status = CommentStatus.Deleted;
        comment.DeletedByModerator = !own;
        comment.Version++;
        if (!own)
        {
            // A moderator's delete is a moderation action: the audit log keeps who, when and the state before.
            db.AuditLog.Add(AuditEntry.Create(now, actor.UserId, AuditActions.Delete, AuditTargets.Comment(commentId), comment.EssayId,
                new { status = "visible" }, new { status = "deleted" }));
        }

        db.RecordChange(ForumChange.CommentDeleted(comment.EssayId, commentId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommentOutcome.Ok(comment);
    }

    /// <summary>
    /// Restores a deleted comment (its author's or a moderator's delete): moderators only; visible again, counted again,
    /// audited. Refused for a comment that is not deleted.
    /// </summary>
    public async Task<CommentOutcome> RestoreAsync(CommentActor actor, int commentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await RoleCheck.IsModeratorAsync(db, actor.UserId, cancellationToken))
        {
            return new CommentOutcome(OutcomeKind.Forbidden, RoleCheck.NotModerator.Message, ProblemTypes.ModeratorsOnly);
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return CommentOutcome.NotFound();
        }

        if (comment.Status != CommentStatus.Deleted)
        {
            return new CommentOutcome(OutcomeKind.Conflict, "삭제된 댓글만 되살릴 수 있습니다.", ProblemTypes.ModerationRefused);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        comment.Status = CommentStatus.Visible;
        comment.DeletedByModerator = false;
        comment.Version++;
        db.AuditLog.Add(AuditEntry.Create(now, actor.UserId, AuditActions.Restore, AuditTargets.Comment(commentId), comment.EssayId,
            new { status = "deleted" }, new { status = "visible" }));
        db.RecordChange(ForumChange.CommentRestored(comment.EssayId, commentId), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new CommentOutcome(OutcomeKind.Conflict, "다른 사람이 먼저 이 댓글을 바꿨습니다. 새로 고친 뒤 다시 확인하세요.", ProblemTypes.MergeConflict);
        }

        await transaction.CommitAsync(cancellationToken);
        return CommentOutcome.Ok(comment);
    }

    // The writer's author row and their latest visible comment with the same text since a time, in one read. Compiled
    // once: every post runs it (docs/performance.md, "Where a post's time goes").
    private static readonly Queries.CompiledPerModel<Func<ForumDbContext, string, long, DateTime, bool, string, CancellationToken, Task<AuthorAndEarlier?>>> AuthorWithEarlierSameText =
        new(() => EF.CompileAsyncQuery((ForumDbContext db, string userId, long hash, DateTime since, bool compareText, string text, CancellationToken _) =>
            db.Authors.AsNoTracking().Where(a => a.UserId == userId)
                .Select(a => new AuthorAndEarlier(
                    a,
                    db.Comments
                        .Where(c => c.AuthorId == a.Id && c.ContentHash == hash && c.CreatedAt >= since && c.Status == CommentStatus.Visible)
                        .Where(c => !compareText || c.BodyMarkdown == text)
                        .OrderByDescending(c => c.CreatedAt).Select(c => (int?)c.Id).FirstOrDefault()))
                .FirstOrDefault()));

    private sealed record AuthorAndEarlier(Author Author, int? EarlierId);

    /// <summary>
    /// The actor's author row and their visible comment of the same text within <see cref="DuplicateWindow"/>, if any,
    /// in one read (the author row is made first for an account that has none, which then has no earlier comment).
    /// </summary>
    private static async Task<(Author? Author, int? EarlierId)> AuthorWithEarlierSameTextAsync(
        ForumDbContext db, string userId, string stored, long hash, DateTime now, CancellationToken cancellationToken)
    {
        // Text of only symbols and punctuation ("👍", "?!") has an empty key: the text itself is compared instead.
        var found = await AuthorWithEarlierSameText.For(db)(
            db, userId, hash, now - DuplicateWindow, TextNormalizer.ToComparisonKey(stored).Length == 0, stored, cancellationToken);
        return found is not null
            ? (found.Author, found.EarlierId)
            : (await AuthorRows.EnsureAsync(db, userId, cancellationToken), null);
    }

    /// <summary>
    /// The writer's draft for the place a post or edit was written in is done with: removed in the same transaction,
    /// so a stored comment never leaves its draft behind (docs/commenting.md, "Drafts"). Plain SQL, the same on both
    /// providers: every post runs it, mostly deleting nothing, and the LINQ form was translated again each time
    /// (docs/performance.md, "Round 8").
    /// </summary>
    private static Task<int> RemoveDraftAsync(ForumDbContext db, CommentActor actor, string place, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""DELETE FROM "Drafts" WHERE "UserId" = {actor.UserId} AND "Place" = {place}""", cancellationToken);
}
