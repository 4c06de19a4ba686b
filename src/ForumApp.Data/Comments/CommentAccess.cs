using ForumApp.Core.Comments;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>
/// Who may do what to a comment: the refusals shared by the writes (<see cref="CommentService"/>) and by the question a
/// composer asks before it offers a form (<see cref="CommentQueries.PrepareComposerAsync"/>), so both say the same.
/// </summary>
internal static class CommentAccess
{
    // Only the author edits: moderators delete or merge, they never put words in someone's mouth.
    internal static CommentOutcome? EditRefusal(Comment? comment, CommentActor actor) =>
        comment is null ? CommentOutcome.NotFound()
        : comment.Author?.UserId != actor.UserId ? CommentOutcome.Forbidden("자신이 쓴 댓글만 수정할 수 있습니다.")
        : comment.Status != CommentStatus.Visible ? CommentOutcome.NotEditable("삭제되었거나 합쳐진 댓글은 수정할 수 없습니다.")
        : null;

    internal static CommentOutcome? DeleteRefusal(Comment? comment, bool own, bool moderator) =>
        comment is null ? CommentOutcome.NotFound()
        : !own && !moderator ? CommentOutcome.Forbidden("자신이 쓴 댓글만 삭제할 수 있습니다.")
        : comment.Status == CommentStatus.Merged ? CommentOutcome.NotEditable("합쳐진 댓글은 삭제할 수 없습니다. 먼저 합치기를 되돌려 주세요.")
        : null;

    internal static async Task<CommentOutcome?> ReplyRefusalAsync(ForumDbContext db, int essayId, int? parentId, CancellationToken cancellationToken)
    {
        // Drafts and unpublished essays take no new replies: readers cannot see them.
        if (!await db.Essays.AnyAsync(e => e.Id == essayId && e.Status == Core.Essays.EssayStatus.Published, cancellationToken))
        {
            return CommentOutcome.NotFound("에세이를 찾을 수 없습니다.");
        }

        if (parentId is not int pid)
        {
            return null;
        }

        var parent = await db.Comments.AsNoTracking()
            .Where(c => c.Id == pid).Select(c => new { c.EssayId, c.Status }).FirstOrDefaultAsync(cancellationToken);
        var problem = parent is null ? CommentProblem.ParentNotFound
            : parent.EssayId != essayId ? CommentProblem.ParentInOtherEssay
            : parent.Status != CommentStatus.Visible ? CommentProblem.ParentNotVisible
            : (CommentProblem?)null;
        return problem is { } p ? CommentOutcome.Invalid(p) : null;
    }

    /// <summary>
    /// What a new reply answers: the essay's current revision and the paragraph, which must be one of that revision's
    /// (a reply to a comment without one takes its parent's). <c>Unknown</c> is true for a paragraph the essay lacks.
    /// </summary>
    internal static async Task<(int Revision, int? ParagraphId, bool Unknown)> AnchorAsync(
        ForumDbContext db, int essayId, int? parentId, int? paragraphId, CancellationToken cancellationToken)
    {
        var revision = await db.Essays.Where(e => e.Id == essayId).Select(e => e.Revision).SingleAsync(cancellationToken);
        if (paragraphId is int p)
        {
            var known = await db.EssayParagraphs.AnyAsync(x => x.EssayId == essayId && x.Revision == revision && x.ParagraphId == p, cancellationToken);
            return (revision, p, !known);
        }

        var inherited = parentId is int parent
            ? await db.Comments.Where(c => c.Id == parent).Select(c => c.ParagraphId).SingleAsync(cancellationToken)
            : null;
        return (revision, inherited, false);
    }
}
