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

    internal static async Task<CommentOutcome?> ReplyRefusalAsync(ForumDbContext db, int essayId, int? parentId, CancellationToken cancellationToken) =>
        (await ReplyTargetAsync(db, essayId, parentId, paragraphId: null, cancellationToken)).Refusal;

    // Compiled once: every post runs them (docs/performance.md, "Where a post's time goes").
    private static readonly Queries.CompiledPerModel<Func<ForumDbContext, int, CancellationToken, Task<EssayState?>>> EssayOf = new(() => EF.CompileAsyncQuery(
        (ForumDbContext db, int essayId, CancellationToken _) =>
            db.Essays.AsNoTracking().Where(e => e.Id == essayId).Select(e => new EssayState(e.Status, e.Revision)).FirstOrDefault()));

    private static readonly Queries.CompiledPerModel<Func<ForumDbContext, int, CancellationToken, Task<ParentState?>>> ParentOf = new(() => EF.CompileAsyncQuery(
        (ForumDbContext db, int commentId, CancellationToken _) =>
            db.Comments.AsNoTracking().Where(c => c.Id == commentId).Select(c => new ParentState(c.EssayId, c.Status, c.ParagraphId)).FirstOrDefault()));

    private sealed record EssayState(Core.Essays.EssayStatus Status, int Revision);

    private sealed record ParentState(int EssayId, CommentStatus Status, int? ParagraphId);

    /// <summary>
    /// Whether a reply may go here and what it answers, in one or two reads: the essay (published? its current
    /// revision) and, for a reply to a comment, the parent (same essay, visible, its paragraph). Refusals in this order:
    /// the essay is not found or not published; the parent is missing, in another essay or not visible; the paragraph
    /// (<paramref name="paragraphId"/>, which must be one of the current revision's) is unknown. Without a paragraph, a
    /// reply to a comment takes its parent's.
    /// </summary>
    internal static async Task<ReplyTarget> ReplyTargetAsync(
        ForumDbContext db, int essayId, int? parentId, int? paragraphId, CancellationToken cancellationToken)
    {
        // Drafts and unpublished essays take no new replies: readers cannot see them.
        var essay = await EssayOf.For(db)(db, essayId, cancellationToken);
        if (essay is null || essay.Status != Core.Essays.EssayStatus.Published)
        {
            return new ReplyTarget(CommentOutcome.NotFound("에세이를 찾을 수 없습니다."), 0, null);
        }

        int? inherited = null;
        if (parentId is int pid)
        {
            var parent = await ParentOf.For(db)(db, pid, cancellationToken);
            var problem = parent is null ? CommentProblem.ParentNotFound
                : parent.EssayId != essayId ? CommentProblem.ParentInOtherEssay
                : parent.Status != CommentStatus.Visible ? CommentProblem.ParentNotVisible
                : (CommentProblem?)null;
            if (problem is { } p)
            {
                return new ReplyTarget(CommentOutcome.Invalid(p), essay.Revision, null);
            }

            inherited = parent!.ParagraphId;
        }

        if (paragraphId is int paragraph)
        {
            var known = await db.EssayParagraphs.AnyAsync(x => x.EssayId == essayId && x.Revision == essay.Revision && x.ParagraphId == paragraph, cancellationToken);
            return known
                ? new ReplyTarget(null, essay.Revision, paragraph)
                : new ReplyTarget(CommentOutcome.Invalid(CommentProblem.ParagraphNotFound), essay.Revision, null);
        }

        return new ReplyTarget(null, essay.Revision, inherited);
    }
}

/// <summary>What <see cref="CommentAccess.ReplyTargetAsync"/> found: a refusal, or the revision and paragraph a reply answers.</summary>
internal sealed record ReplyTarget(CommentOutcome? Refusal, int Revision, int? ParagraphId);
