using System.Globalization;
using ForumApp.Core.Comments;

namespace ForumApp.Web.Components.Shared;

/// <summary>Addresses of a discussion's pages: one way to write them, so links, redirects and the cache agree.</summary>
public static class DiscussionLinks
{
    /// <summary>"page=7&amp;sort=newest", without the parts that are the default ("" for page 1 oldest first).</summary>
    public static string PageQuery(ThreadSort sort, int page)
    {
        var parts = new List<string>(2);
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
    public static string PagePath(string essayPath, ThreadSort sort, int page)
    {
        var query = PageQuery(sort, page);
        return query.Length == 0 ? essayPath : essayPath + "?" + query;
    }
}
