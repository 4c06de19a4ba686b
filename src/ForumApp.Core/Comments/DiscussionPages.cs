namespace ForumApp.Core.Comments;

/// <summary>How the top-level threads of a discussion are ordered.</summary>
public enum ThreadSort
{
    /// <summary>Oldest thread first (the order of the discussion; the default).</summary>
    Oldest,

    /// <summary>Newest thread first.</summary>
    Newest,

    /// <summary>The threads with the most replies first.</summary>
    MostReplies,
}

/// <summary>
/// A discussion cut into pages of whole top-level threads: a page takes threads until it holds at least
/// <see cref="DefaultPageSize"/> comments (a thread is never split; its replies stay nested under it, and threads
/// deeper than the depth cap continue on their own page as before). Every comment is on exactly one page, and
/// <see cref="PageOf"/> says which, so a permalink lands on the right page.
/// </summary>
public sealed class DiscussionPages
{
    /// <summary>About this many comments (threads with their replies) per page.</summary>
    public const int DefaultPageSize = 50;

    private readonly IReadOnlyList<CommentNode> _threads;
    private readonly List<int> _pageStarts = [];
    private readonly Dictionary<int, int> _pageOfComment = [];

    private DiscussionPages(IReadOnlyList<CommentNode> threads, ThreadSort sort, int pageSize)
    {
        Sort = sort;
        _threads = threads;
        var onPage = 0;
        for (var i = 0; i < threads.Count; i++)
        {
            if (i == 0 || onPage >= pageSize)
            {
                _pageStarts.Add(i);
                onPage = 0;
            }

            onPage += 1 + threads[i].DescendantCount;
            Index(threads[i], _pageStarts.Count);
        }
    }

    /// <summary>The order of the threads.</summary>
    public ThreadSort Sort { get; }

    /// <summary>Number of pages; 1 for an empty discussion.</summary>
    public int PageCount => Math.Max(1, _pageStarts.Count);

    /// <summary>Cuts <paramref name="forest"/> (the reader's forest, oldest first) into pages in the order <paramref name="sort"/>.</summary>
    public static DiscussionPages Build(IReadOnlyList<CommentNode> forest, ThreadSort sort = ThreadSort.Oldest, int pageSize = DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(forest);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        IReadOnlyList<CommentNode> ordered = sort switch
        {
            ThreadSort.Newest => [.. forest.OrderByDescending(n => n.Comment.CreatedAt).ThenByDescending(n => n.Comment.Id)],
            ThreadSort.MostReplies => [.. forest.OrderByDescending(n => n.DescendantCount).ThenBy(n => n.Comment.CreatedAt).ThenBy(n => n.Comment.Id)],
            _ => forest,
        };
        return new DiscussionPages(ordered, sort, pageSize);
    }

    /// <summary>The threads of page <paramref name="page"/> (1-based); empty for a page that does not exist.</summary>
    public IReadOnlyList<CommentNode> Threads(int page)
    {
        if (page < 1 || page > _pageStarts.Count)
        {
            return [];
        }

        var start = _pageStarts[page - 1];
        var end = page < _pageStarts.Count ? _pageStarts[page] : _threads.Count;
        return [.. _threads.Skip(start).Take(end - start)];
    }

    /// <summary>The page a comment is shown on (its thread's page), or null for a comment not in the discussion.</summary>
    public int? PageOf(int commentId) => _pageOfComment.TryGetValue(commentId, out var page) ? page : null;

    /// <summary>The sort's name in addresses: "oldest", "newest" or "replies".</summary>
    public static string Name(ThreadSort sort) => sort switch
    {
        ThreadSort.Newest => "newest",
        ThreadSort.MostReplies => "replies",
        _ => "oldest",
    };

    /// <summary>The sort named in an address; the default for none, null for an unknown name.</summary>
    public static ThreadSort? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "oldest" => ThreadSort.Oldest,
        "newest" => ThreadSort.Newest,
        "replies" => ThreadSort.MostReplies,
        _ => null,
    };

    private void Index(CommentNode node, int page)
    {
        _pageOfComment[node.Comment.Id] = page;
        foreach (var merged in node.MergedIds)
        {
            _pageOfComment[merged] = page;
        }

        foreach (var child in node.Children)
        {
            Index(child, page);
        }
    }
}
