using System.Globalization;
using ForumApp.Core.Comments;

namespace ForumApp.Web.Components.Shared;

/// <summary>Which replies a discussion shows: all, those of one stance, or those anchored to one paragraph.</summary>
/// <param name="Stance">Only replies with this stance (<c>?stance=agree</c>).</param>
/// <param name="ParagraphId">Only replies anchored to this paragraph (<c>?paragraph=3</c>).</param>
public sealed record DiscussionFilter(CommentStance? Stance = null, int? ParagraphId = null)
{
    /// <summary>Every reply.</summary>
    public static DiscussionFilter None { get; } = new();

    /// <summary>True when nothing is filtered out.</summary>
    public bool IsEmpty => Stance is null && ParagraphId is null;

    /// <summary>True when <paramref name="comment"/> is one of the replies asked for.</summary>
    public bool Matches(Comment comment) =>
        comment is not null && (Stance is null || comment.Stance == Stance) && (ParagraphId is null || comment.ParagraphId == ParagraphId);
}

/// <summary>Addresses of a discussion's pages: one way to write them, so links, redirects and the cache agree.</summary>
public static class DiscussionLinks
{
    /// <summary>"page=7&amp;sort=newest", without the parts that are the default ("" for page 1 oldest first).</summary>
    public static string PageQuery(ThreadSort sort, int page) => PageQuery(sort, page, DiscussionFilter.None);

    /// <summary>"paragraph=3&amp;stance=agree&amp;page=2&amp;sort=newest", without the parts that are the default.</summary>
    public static string PageQuery(ThreadSort sort, int page, DiscussionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parts = new List<string>(4);
        if (filter.ParagraphId is int paragraph)
        {
            parts.Add("paragraph=" + paragraph.ToString(CultureInfo.InvariantCulture));
        }

        if (filter.Stance is CommentStance stance)
        {
            parts.Add("stance=" + CommentStances.Name(stance));
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        if (sort != ThreadSort.Oldest)
        {
            parts.Add("sort=" + DiscussionPages.Name(sort));
        }

        return string.Join('&', parts);
    }

    /// <summary>The address of one page of the discussion.</summary>
    public static string PagePath(string essayPath, ThreadSort sort, int page) => PagePath(essayPath, sort, page, DiscussionFilter.None);

    /// <summary>The address of one page of the (filtered) discussion.</summary>
    public static string PagePath(string essayPath, ThreadSort sort, int page, DiscussionFilter filter)
    {
        var query = PageQuery(sort, page, filter);
        return query.Length == 0 ? essayPath : essayPath + "?" + query;
    }
}
