using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>Reads about comments: one comment, its history, what a composer may offer, what moderators may restore.</summary>
public sealed class CommentQueries(IDbContextFactory<ForumDbContext> dbFactory)
{
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

        if (comment.Status != CommentStatus.Visible
            && !(viewer is not null && (comment.Author?.UserId == viewer.UserId || await RoleCheck.IsModeratorAsync(db, viewer.UserId, cancellationToken))))
        {
            return null;
        }

        var revisions = await db.CommentRevisions.AsNoTracking().Where(r => r.CommentId == commentId)
            .OrderBy(r => r.Number)
            .Select(r => new RevisionView(r.Number, r.Author == null ? Author.UnknownDisplayName : r.Author.DisplayName, r.CreatedAt, r.BodyMarkdown) { Stance = r.Stance })
            .ToListAsync(cancellationToken);
        var authorName = comment.Author?.DisplayName ?? Author.UnknownDisplayName;
        if (revisions.Count == 0)
        {
            revisions.Add(new RevisionView(1, authorName, comment.CreatedAt, comment.BodyMarkdown) { Stance = comment.Stance });
        }

        return new CommentHistory(comment, authorName, revisions);
    }

    /// <summary>
    /// What a composer for <paramref name="mode"/> on <paramref name="commentId"/> (null: a reply to the essay) may offer
    /// the actor: the same checks as the post, edit and delete of <see cref="CommentService"/>. For a reply it also offers
    /// the essay's current paragraphs to anchor to (and to quote, for a reply to the essay).
    /// </summary>
    public async Task<ComposerStart> PrepareComposerAsync(CommentActor actor, int essayId, ComposerMode mode, int? commentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Comment? target = null;
        if (commentId is int id)
        {
            target = await db.Comments.AsNoTracking().Include(c => c.Author).FirstOrDefaultAsync(c => c.Id == id && c.EssayId == essayId, cancellationToken);
        }

        var refusal = mode switch
        {
            ComposerMode.Edit => CommentAccess.EditRefusal(target, actor),
            ComposerMode.Delete => CommentAccess.DeleteRefusal(
                target,
                target?.Author?.UserId == actor.UserId,
                target is not null && await RoleCheck.IsModeratorAsync(db, actor.UserId, cancellationToken)),
            _ => await CommentAccess.ReplyRefusalAsync(db, essayId, commentId, cancellationToken),
        };
        if (refusal is not null || mode == ComposerMode.Delete)
        {
            return new ComposerStart(refusal, target, "", []);
        }

        var revision = await db.Essays.Where(e => e.Id == essayId).Select(e => (int?)e.Revision).FirstOrDefaultAsync(cancellationToken);
        var paragraphs = await db.EssayParagraphs.AsNoTracking()
            .Where(p => p.EssayId == essayId && p.Revision == revision)
            .OrderBy(p => p.Position)
            .Select(p => new { p.ParagraphId, p.Markdown })
            .ToListAsync(cancellationToken);
        IReadOnlyList<string> quotable = mode == ComposerMode.Reply && target is not null
            ? CommentRules.Paragraphs(target.BodyMarkdown)
            : [.. paragraphs.Select(p => p.Markdown)];
        return new ComposerStart(null, target, mode == ComposerMode.Edit ? target!.BodyMarkdown : "", quotable)
        {
            Anchors = [.. paragraphs.Select((p, i) => new ParagraphChoice(p.ParagraphId, i + 1, DebateSummary.Excerpt(p.Markdown)))],
            InitialStance = mode == ComposerMode.Edit ? target!.Stance : null,
        };
    }

    /// <summary>The author id of an account, or null when it has none yet.</summary>
    public async Task<int?> AuthorIdOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Authors.Where(a => a.UserId == userId).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The most recently written comments that are deleted (by their author or a moderator), newest first.</summary>
    public async Task<IReadOnlyList<DeletedCommentView>> GetRecentlyDeletedAsync(int take = 20, CancellationToken cancellationToken = default)
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
}
