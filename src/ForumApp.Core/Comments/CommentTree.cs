namespace ForumApp.Core.Comments;

/// <summary>A comment as readers see it in a thread, with its replies.</summary>
/// <param name="Comment">The stored comment.</param>
/// <param name="AuthorName">The name shown for its author.</param>
/// <param name="Depth">0 for a reply to the essay.</param>
/// <param name="Children">Replies, oldest first.</param>
/// <param name="DescendantCount">Every reply below this comment, at any depth.</param>
/// <param name="MergedCopies">How many copies were folded into this comment.</param>
public sealed record CommentNode(
    Comment Comment,
    string AuthorName,
    int Depth,
    IReadOnlyList<CommentNode> Children,
    int DescendantCount,
    int MergedCopies)
{
    /// <summary>Ids of the copies folded into this comment: their permalinks lead here.</summary>
    public IReadOnlyList<int> MergedIds { get; init; } = [];

    /// <summary>Other people whose copies were folded into this comment: they stay credited ("also posted by").</summary>
    public IReadOnlyList<string> AlsoPostedBy { get; init; } = [];
}

/// <summary>Builds the reply tree of an essay from a flat list of comments in one pass.</summary>
public static class CommentTree
{
    /// <summary>
    /// Builds the forest of threads. Merged comments are left out unless asked for (their copies are counted on the kept one);
    /// deleted comments stay as tombstones so their replies keep their place. A comment whose parent is missing
    /// becomes a top-level thread rather than disappearing.
    /// </summary>
    /// <param name="comments">Every comment of one essay.</param>
    /// <param name="authorName">The name to show for a comment's author.</param>
    /// <param name="includeMerged">Keep merged copies in the tree (for moderators and the API) instead of folding them away.</param>
    public static IReadOnlyList<CommentNode> Build(IEnumerable<Comment> comments, Func<Comment, string> authorName, bool includeMerged = false)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(authorName);

        var all = comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
        var shown = includeMerged ? all : all.Where(c => c.Status != CommentStatus.Merged).ToList();
        var ids = shown.Select(c => c.Id).ToHashSet();
        var copiesOf = all
            .Where(c => c.Status == CommentStatus.Merged && c.MergedIntoId is not null)
            .GroupBy(c => c.MergedIntoId!.Value)
            .ToDictionary(g => g.Key, g => g.ToList());
        var childrenOf = shown
            .Where(c => c.ParentId is int p && ids.Contains(p))
            .GroupBy(c => c.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.ToList());
        var roots = shown.Where(c => c.ParentId is not int p || !ids.Contains(p));

        CommentNode Node(Comment c, int depth)
        {
            var children = childrenOf.TryGetValue(c.Id, out var list)
                ? list.Select(child => Node(child, depth + 1)).ToList()
                : [];
            var name = authorName(c);
            var copies = copiesOf.GetValueOrDefault(c.Id) ?? [];
            return new CommentNode(c, name, depth, children, children.Sum(n => 1 + n.DescendantCount), copies.Count)
            {
                MergedIds = [.. copies.Select(m => m.Id)],
                AlsoPostedBy = [.. copies.Where(m => m.AuthorId != c.AuthorId).Select(authorName).Where(n => n != name).Distinct(StringComparer.Ordinal)],
            };
        }

        return [.. roots.Select(r => Node(r, 0))];
    }

    /// <summary>Finds a node anywhere in the forest, or null.</summary>
    public static CommentNode? Find(IEnumerable<CommentNode> forest, int commentId)
    {
        ArgumentNullException.ThrowIfNull(forest);
        foreach (var node in forest)
        {
            if (node.Comment.Id == commentId)
            {
                return node;
            }

            if (Find(node.Children, commentId) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
