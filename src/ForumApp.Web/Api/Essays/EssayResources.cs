using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Web.Reading;

namespace ForumApp.Web.Api.Essays;

/// <summary>An essay in the list.</summary>
public sealed record EssayListItem(
    int Id,
    string Slug,
    string Title,
    string Author,
    DateTime PublishedAt,
    int CommentCount,
    IReadOnlyList<string> Tags,
    StanceCountsResource StanceCounts,
    DateTime? LastCommentAt);

/// <summary>Visible replies per stance.</summary>
public sealed record StanceCountsResource(int Agree, int Disagree, int Question, int Addition)
{
    /// <summary>From the counts.</summary>
    public static StanceCountsResource From(StanceCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new(counts.Agree, counts.Disagree, counts.Question, counts.Addition);
    }
}

/// <summary>A paragraph of the essay's current revision.</summary>
/// <param name="Id">Its stable id: replies anchor to it (<c>paragraphId</c>), the page links it as <c>#p-{id}</c>.</param>
/// <param name="Number">Its 1-based place in this revision.</param>
/// <param name="Html">Its sanitized HTML.</param>
/// <param name="ReplyCount">Visible replies anchored to it.</param>
public sealed record ParagraphResource(int Id, int Number, string Html, int ReplyCount);

/// <summary>An essay with its discussion.</summary>
public sealed record EssayResource(
    int Id,
    string Slug,
    string Title,
    string Lede,
    string Author,
    DateTime PublishedAt,
    string Language,
    string BodyMarkdown,
    string BodyHtml,
    int CommentCount,
    IReadOnlyList<CommentResource> Comments,
    CommentPageInfo CommentPage,
    string Status,
    int Revision,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ParagraphResource> Paragraphs,
    StanceCountsResource StanceCounts,
    int ReactionCount = 0);

/// <summary>Where a page of a discussion stands among the others.</summary>
/// <param name="Page">This page (1-based).</param>
/// <param name="PageCount">How many pages the discussion has in this order.</param>
/// <param name="Total">Comments on every page together (merged and deleted ones included, as in the tree).</param>
/// <param name="Sort">oldest, newest or replies.</param>
/// <param name="Next">The next page's address, or null on the last page.</param>
/// <param name="Prev">The previous page's address, or null on the first.</param>
public sealed record CommentPageInfo(int Page, int PageCount, int Total, string Sort, string? Next, string? Prev);

/// <summary>One page of an essay's discussion: whole threads, replies nested.</summary>
public sealed record CommentPageResource(int EssayId, CommentPageInfo CommentPage, IReadOnlyList<CommentResource> Comments);

/// <summary>Where an imported comment came from.</summary>
public sealed record SourceResource(string File, int Line);

/// <summary>
/// A comment in the essay's tree. Merged and deleted comments keep their place with an empty body:
/// their text is kept for moderators and their authors, not shown to everyone.
/// </summary>
public sealed record CommentResource(
    int Id,
    int? ParentId,
    string Author,
    string BodyMarkdown,
    string BodyHtml,
    DateTime CreatedAt,
    DateTime? EditedAt,
    string Status,
    int? MergedIntoId,
    SourceResource? Source,
    int ReplyCount,
    IReadOnlyList<CommentResource> Children,
    int? ParagraphId,
    string? Stance,
    int EssayRevision,
    int ReactionCount = 0)
{
    /// <summary>Maps a tree node, children included, with each comment's "공감" count from <paramref name="reactions"/>.</summary>
    public static CommentResource From(CommentNode node, IReadOnlyDictionary<int, int>? reactions = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var c = node.Comment;
        var shown = c.Status == CommentStatus.Visible;
        return new CommentResource(
            c.Id,
            c.ParentId,
            c.Status == CommentStatus.Deleted ? "" : node.AuthorName,
            shown ? c.BodyMarkdown : "",
            shown ? c.BodyHtml : "",
            c.CreatedAt,
            c.EditedAt,
            StatusName(c.Status),
            c.MergedIntoId,
            c.SourceFile is null || c.SourceLine is null ? null : new SourceResource(c.SourceFile, c.SourceLine.Value),
            node.DescendantCount,
            [.. node.Children.Select(n => From(n, reactions))],
            c.ParagraphId,
            c.Stance is CommentStance stance ? CommentStances.Name(stance) : null,
            c.EssayRevision,
            reactions?.GetValueOrDefault(c.Id) ?? 0);
    }

    /// <summary>"visible", "merged" or "deleted".</summary>
    public static string StatusName(CommentStatus status) => status switch
    {
        CommentStatus.Visible => "visible",
        CommentStatus.Merged => "merged",
        CommentStatus.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>Maps essays to their API shape.</summary>
public static class EssayResources
{
    /// <summary>The essay with the first page of its discussion (oldest first), merged copies included in place.</summary>
    public static EssayResource From(EssayReadModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var e = model.Detail.Essay;
        var first = Page(model, ThreadSort.Oldest, 1)!;
        var summary = model.Summary;
        return new EssayResource(
            e.Id, e.Slug, e.Title, e.Lede, model.Detail.AuthorName, e.PublishedAt, e.Language,
            e.BodyMarkdown, e.BodyHtml, e.CommentCount, first.Comments, first.CommentPage,
            StatusName(e.Status), e.Revision, model.Detail.Tags,
            [.. model.Detail.Paragraphs.OrderBy(p => p.Position).Select((p, i) => new ParagraphResource(p.ParagraphId, i + 1, p.Html, summary.RepliesTo(p.ParagraphId)))],
            StanceCountsResource.From(summary.Stances),
            model.Detail.ReactionCount);
    }

    /// <summary>"draft", "published" or "unpublished".</summary>
    public static string StatusName(EssayStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// Page <paramref name="page"/> of the discussion in the API's tree (merged copies in place): the same threads as
    /// the essay page's page; a merged copy that is a thread of its own goes with the comment it was merged into.
    /// Null for a page that does not exist.
    /// </summary>
    public static CommentPageResource? Page(EssayReadModel model, ThreadSort sort, int page)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pages = model.Pages(sort);
        if (page < 1 || page > pages.PageCount)
        {
            return null;
        }

        var tree = CommentTree.Build(model.Detail.Comments, EssayDetail.AuthorNameOf, includeMerged: true);
        var byId = model.Detail.Comments.ToDictionary(c => c.Id);
        var order = Enumerable.Range(0, pages.PageCount).SelectMany(p => pages.Threads(p + 1)).Select((n, i) => (n.Comment.Id, i))
            .ToDictionary(x => x.Id, x => x.i);
        var onPage = tree
            .Select(root => (Root: root, Page: PageOf(root.Comment, pages, byId) ?? pages.PageCount))
            .Where(x => x.Page == page)
            .OrderBy(x => order.GetValueOrDefault(x.Root.Comment.Id, order.GetValueOrDefault(x.Root.Comment.MergedIntoId ?? 0, int.MaxValue)))
            .ThenBy(x => x.Root.Comment.CreatedAt).ThenBy(x => x.Root.Comment.Id)
            .Select(x => CommentResource.From(x.Root, model.Detail.CommentReactions))
            .ToList();
        var total = model.Detail.Comments.Count;
        var path = $"/api/essays/{model.Detail.Essay.Id}/comments";
        string Link(int p) => $"{path}?page={p}" + (sort == ThreadSort.Oldest ? "" : $"&sort={DiscussionPages.Name(sort)}");
        var info = new CommentPageInfo(page, pages.PageCount, total, DiscussionPages.Name(sort),
            page < pages.PageCount ? Link(page + 1) : null, page > 1 ? Link(page - 1) : null);
        return new CommentPageResource(model.Detail.Essay.Id, info, onPage);
    }

    // A merged copy's page is the page of the comment it was merged into, following merges of merges.
    private static int? PageOf(Comment comment, DiscussionPages pages, Dictionary<int, Comment> byId)
    {
        var seen = new HashSet<int>();
        for (var c = comment; seen.Add(c.Id); c = byId[c.MergedIntoId!.Value])
        {
            if (pages.PageOf(c.Id) is int page)
            {
                return page;
            }

            if (c.MergedIntoId is not int next || !byId.ContainsKey(next))
            {
                break;
            }
        }

        return null;
    }
}
