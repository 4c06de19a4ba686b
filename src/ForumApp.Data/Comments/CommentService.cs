using System.Globalization;
using System.Text.Json;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>Who acts on a comment: an account, and whether it may moderate (moderator or admin).</summary>
public sealed record CommentActor(string UserId, bool CanModerate);

/// <summary>What happened to a write.</summary>
public enum CommentOutcomeKind
{
    Ok,

    /// <summary>The text or the parent broke a rule (see <see cref="CommentOutcome.Problem"/>); nothing was stored.</summary>
    Invalid,

    EssayNotFound,

    CommentNotFound,

    /// <summary>Not the author (nor a moderator, for deletes).</summary>
    Forbidden,

    /// <summary>The same text from the same author within 24 hours; <see cref="CommentOutcome.EarlierCommentId"/> names it.</summary>
    Duplicate,

    /// <summary>Close to visible comments of the essay (<see cref="CommentOutcome.Matches"/>); post again with the acknowledgement.</summary>
    NearDuplicate,

    /// <summary>The comment was deleted or merged and cannot be changed.</summary>
    NotEditable,
}

/// <summary>The result of a comment write, with a Korean message for the UI and the API's problem title.</summary>
public sealed record CommentOutcome(CommentOutcomeKind Kind, string Message)
{
    public Comment? Comment { get; init; }

    public CommentProblem? Problem { get; init; }

    public int? EarlierCommentId { get; init; }

    public IReadOnlyList<NearDuplicateMatch> Matches { get; init; } = [];

    public bool Succeeded => Kind == CommentOutcomeKind.Ok;

    internal static CommentOutcome Ok(Comment comment) => new(CommentOutcomeKind.Ok, "") { Comment = comment };

    internal static CommentOutcome Invalid(CommentProblem problem) =>
        new(CommentOutcomeKind.Invalid, CommentRules.Message(problem)) { Problem = problem };
}

/// <summary>A revision as the history shows it.</summary>
public sealed record RevisionView(int Number, string AuthorName, DateTime CreatedAt, string BodyMarkdown);

/// <summary>A comment's revisions, oldest first, with the comment they belong to.</summary>
public sealed record CommentHistory(Comment Comment, string AuthorName, IReadOnlyList<RevisionView> Revisions);

/// <summary>
/// Writes comments: post, edit, delete, and reads revision histories. The pages' interactive composer and the JSON API
/// both call these methods, so every rule (validation, duplicates, ownership) lives here once.
/// Rate limits are not here: they depend on the channel (HTTP rate limiter, or <see cref="PostingThrottle"/> in a circuit).
/// </summary>
public sealed class CommentService(
    IDbContextFactory<ForumDbContext> dbFactory,
    MarkdownRenderer markdown,
    INearDuplicateFinder nearDuplicates,
    IEssayChangeNotifier changes,
    TimeProvider clock)
{
    /// <summary>How long the same text from the same author is refused.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Posts a reply to the essay (<paramref name="parentId"/> null) or to one of its comments. Refuses invalid text,
    /// the same text from the same author within 24 h, and, unless <paramref name="acknowledgeNearDuplicate"/>, text close
    /// to a visible comment of the essay; an acknowledged near-duplicate is posted and queued for moderators.
    /// </summary>
    public async Task<CommentOutcome> PostAsync(
        CommentActor actor,
        int essayId,
        int? parentId,
        string? body,
        bool acknowledgeNearDuplicate = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CommentRules.Check(body) is { } problem)
        {
            return CommentOutcome.Invalid(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Essays.AnyAsync(e => e.Id == essayId, cancellationToken))
        {
            return new CommentOutcome(CommentOutcomeKind.EssayNotFound, "에세이를 찾을 수 없습니다.");
        }

        if (parentId is int pid)
        {
            var parent = await db.Comments.AsNoTracking()
                .Where(c => c.Id == pid).Select(c => new { c.EssayId, c.Status }).FirstOrDefaultAsync(cancellationToken);
            var parentProblem = parent is null ? CommentProblem.ParentNotFound
                : parent.EssayId != essayId ? CommentProblem.ParentInOtherEssay
                : parent.Status != CommentStatus.Visible ? CommentProblem.ParentNotVisible
                : (CommentProblem?)null;
            if (parentProblem is { } p)
            {
                return CommentOutcome.Invalid(p);
            }
        }

        var author = await EnsureAuthorAsync(db, actor.UserId, cancellationToken);
        if (author is null)
        {
            return new CommentOutcome(CommentOutcomeKind.Forbidden, "댓글을 쓸 수 있는 계정이 아닙니다.");
        }

        var stored = TextNormalizer.ToStoredForm(body!);
        var hash = ContentHash.Of(stored);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - DuplicateWindow;
        var sameKey = db.Comments.AsNoTracking()
            .Where(c => c.AuthorId == author.Id && c.ContentHash == hash && c.CreatedAt >= since && c.Status == CommentStatus.Visible);
        if (TextNormalizer.ToComparisonKey(stored).Length == 0)
        {
            // Text of only symbols and punctuation ("👍", "?!") has an empty key: compare the text itself instead.
            sameKey = sameKey.Where(c => c.BodyMarkdown == stored);
        }

        var earlier = await sameKey
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => (int?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (earlier is int earlierId)
        {
            return new CommentOutcome(CommentOutcomeKind.Duplicate, "같은 내용의 댓글을 24시간 안에 이미 올렸습니다.") { EarlierCommentId = earlierId };
        }

        var matches = await nearDuplicates.FindAsync(essayId, stored, cancellationToken: cancellationToken);
        if (matches.Count > 0 && !acknowledgeNearDuplicate)
        {
            return new CommentOutcome(CommentOutcomeKind.NearDuplicate, "이 에세이에 비슷한 댓글이 이미 있습니다. 확인한 뒤에도 올릴 수 있습니다.")
            {
                Matches = matches,
            };
        }

        var comment = new Comment
        {
            EssayId = essayId,
            ParentId = parentId,
            AuthorId = author.Id,
            BodyMarkdown = stored,
            BodyHtml = markdown.ToSafeHtml(stored),
            CreatedAt = now,
            Status = CommentStatus.Visible,
            ContentHash = hash,
            Version = 1,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Comments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        db.CommentRevisions.Add(new CommentRevision
        {
            CommentId = comment.Id, Number = 1, AuthorId = author.Id, CreatedAt = now, BodyMarkdown = stored,
        });
        foreach (var match in matches)
        {
            db.DuplicateSuggestions.Add(new DuplicateSuggestion
            {
                EssayId = essayId,
                CommentId = comment.Id,
                OtherCommentId = match.CommentId,
                Score = match.Score,
                Kind = match.Score >= 1.0 ? DuplicateSuggestionKind.Exact : DuplicateSuggestionKind.Near,
                Status = DuplicateSuggestionStatus.Open,
                Source = "post",
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Essays.Where(e => e.Id == essayId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CommentCount, e => e.CommentCount + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await nearDuplicates.CommentChangedAsync(essayId, comment.Id, stored, cancellationToken);
        await changes.EssayChangedAsync(essayId, cancellationToken);

        comment.Author = author;
        return CommentOutcome.Ok(comment);
    }

    /// <summary>Replaces the text of the actor's own visible comment, keeping the previous text as a revision.</summary>
    public async Task<CommentOutcome> EditAsync(CommentActor actor, int commentId, string? body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var comment = await db.Comments.Include(c => c.Author).FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return NotFound();
        }

        // Only the author edits: moderators delete or merge, they never put words in someone's mouth.
        if (comment.Author?.UserId != actor.UserId)
        {
            return new CommentOutcome(CommentOutcomeKind.Forbidden, "자신이 쓴 댓글만 수정할 수 있습니다.");
        }

        if (comment.Status != CommentStatus.Visible)
        {
            return new CommentOutcome(CommentOutcomeKind.NotEditable, "삭제되었거나 합쳐진 댓글은 수정할 수 없습니다.");
        }

        if (CommentRules.Check(body) is { } problem)
        {
            return CommentOutcome.Invalid(problem);
        }

        var stored = TextNormalizer.ToStoredForm(body!);
        if (string.Equals(stored, comment.BodyMarkdown, StringComparison.Ordinal))
        {
            return CommentOutcome.Ok(comment);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var last = await db.CommentRevisions.Where(r => r.CommentId == commentId).MaxAsync(r => (int?)r.Number, cancellationToken);
        if (last is null)
        {
            // A comment from before revisions were kept (imported): its current text becomes revision 1.
            db.CommentRevisions.Add(new CommentRevision
            {
                CommentId = commentId, Number = 1, AuthorId = comment.AuthorId, CreatedAt = comment.CreatedAt, BodyMarkdown = comment.BodyMarkdown,
            });
            last = 1;
        }

        db.CommentRevisions.Add(new CommentRevision
        {
            CommentId = commentId, Number = last.Value + 1, AuthorId = comment.AuthorId, CreatedAt = now, BodyMarkdown = stored,
        });
        comment.BodyMarkdown = stored;
        comment.BodyHtml = markdown.ToSafeHtml(stored);
        comment.ContentHash = ContentHash.Of(stored);
        comment.EditedAt = now;
        comment.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await nearDuplicates.CommentChangedAsync(comment.EssayId, commentId, stored, cancellationToken);
        await changes.EssayChangedAsync(comment.EssayId, cancellationToken);
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
        if (comment is null)
        {
            return NotFound();
        }

        var own = comment.Author?.UserId == actor.UserId;
        if (!own && !actor.CanModerate)
        {
            return new CommentOutcome(CommentOutcomeKind.Forbidden, "자신이 쓴 댓글만 삭제할 수 있습니다.");
        }

        if (comment.Status == CommentStatus.Deleted)
        {
            return CommentOutcome.Ok(comment);
        }

        if (comment.Status != CommentStatus.Visible)
        {
            return new CommentOutcome(CommentOutcomeKind.NotEditable, "합쳐진 댓글은 삭제할 수 없습니다. 먼저 합치기를 되돌려 주세요.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        comment.Status = CommentStatus.Deleted;
        comment.DeletedByModerator = !own;
        comment.Version++;
        if (!own)
        {
            // A moderator's delete is a moderation action: the audit log keeps who, when and the state before.
            db.AuditLog.Add(new AuditEntry
            {
                At = now,
                Actor = actor.UserId,
                Action = "delete",
                Target = "comment:" + commentId.ToString(CultureInfo.InvariantCulture),
                EssayId = comment.EssayId,
                Before = JsonSerializer.Serialize(new { status = "visible" }),
                After = JsonSerializer.Serialize(new { status = "deleted" }),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Essays.Where(e => e.Id == comment.EssayId && e.CommentCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CommentCount, e => e.CommentCount - 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await nearDuplicates.CommentChangedAsync(comment.EssayId, commentId, null, cancellationToken);
        await changes.EssayChangedAsync(comment.EssayId, cancellationToken);
        return CommentOutcome.Ok(comment);
    }

    /// <summary>One comment with its author, or null.</summary>
    public async Task<Comment?> GetAsync(int commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Comments.AsNoTracking().Include(c => c.Author).FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
    }

    /// <summary>
    /// Every revision of a comment, oldest first. Anyone may read the history of a visible comment; a deleted or merged
    /// comment's history is for its author and moderators only (null for everyone else, as for an unknown comment).
    /// </summary>
    public async Task<CommentHistory?> GetRevisionsAsync(int commentId, CommentActor? viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var comment = await db.Comments.AsNoTracking().Include(c => c.Author).FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return null;
        }

        if (comment.Status != CommentStatus.Visible && !(viewer is not null && (viewer.CanModerate || comment.Author?.UserId == viewer.UserId)))
        {
            return null;
        }

        var revisions = await db.CommentRevisions.AsNoTracking().Where(r => r.CommentId == commentId)
            .OrderBy(r => r.Number)
            .Select(r => new RevisionView(r.Number, r.Author == null ? Author.UnknownDisplayName : r.Author.DisplayName, r.CreatedAt, r.BodyMarkdown))
            .ToListAsync(cancellationToken);
        var authorName = comment.Author?.DisplayName ?? Author.UnknownDisplayName;
        if (revisions.Count == 0)
        {
            revisions.Add(new RevisionView(1, authorName, comment.CreatedAt, comment.BodyMarkdown));
        }

        return new CommentHistory(comment, authorName, revisions);
    }

    /// <summary>
    /// The Markdown a reply may quote from: the comment's when <paramref name="commentId"/> is given (and belongs to the
    /// essay and is visible), else the essay's body. Null when there is nothing to quote.
    /// </summary>
    public async Task<string?> GetQuotableTextAsync(int essayId, int? commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return commentId is int id
            ? await db.Comments.Where(c => c.Id == id && c.EssayId == essayId && c.Status == CommentStatus.Visible)
                .Select(c => c.BodyMarkdown).FirstOrDefaultAsync(cancellationToken)
            : await db.Essays.Where(e => e.Id == essayId).Select(e => e.BodyMarkdown).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The author id of an account, or null when it has none yet.</summary>
    public async Task<int?> AuthorIdOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Authors.Where(a => a.UserId == userId).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static CommentOutcome NotFound() => new(CommentOutcomeKind.CommentNotFound, "댓글을 찾을 수 없습니다.");

    // Accounts get an author row when they are made; this covers accounts made some other way.
    private static async Task<Author?> EnsureAuthorAsync(ForumDbContext db, string userId, CancellationToken cancellationToken)
    {
        var author = await db.Authors.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (author is not null)
        {
            return author;
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        author = new Author { DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? userId : user.DisplayName, UserId = userId };
        db.Authors.Add(author);
        await db.SaveChangesAsync(cancellationToken);
        return author;
    }
}
