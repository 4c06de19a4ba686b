using ForumApp.Core.Comments;
using ForumApp.Core.Essays;

namespace ForumApp.Web.Api.Essays;

/// <summary>An essay in the list.</summary>
public sealed record EssayListItem(int Id, string Slug, string Title, string Author, DateTime PublishedAt, int CommentCount);

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
    IReadOnlyList<CommentResource> Comments);

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
    IReadOnlyList<CommentResource> Children)
{
    /// <summary>Maps a tree node, children included.</summary>
    public static CommentResource From(CommentNode node)
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
            [.. node.Children.Select(From)]);
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
    /// <summary>The essay with its whole tree, merged copies included in place.</summary>
    public static EssayResource From(EssayDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var e = detail.Essay;
        var tree = CommentTree.Build(detail.Comments, EssayDetail.AuthorNameOf, includeMerged: true);
        return new EssayResource(
            e.Id, e.Slug, e.Title, e.Lede, detail.AuthorName, e.PublishedAt, e.Language,
            e.BodyMarkdown, e.BodyHtml, e.CommentCount, [.. tree.Select(CommentResource.From)]);
    }
}
