using ForumApp.Core.Essays;
using ForumApp.Data.Search;

namespace ForumApp.Web.Api.Search;

/// <summary>One page of search results.</summary>
/// <param name="Query">The query as understood (trimmed).</param>
/// <param name="Page">This page (1-based).</param>
/// <param name="PageSize">Results per page.</param>
/// <param name="TotalCount">Results in all.</param>
/// <param name="PageCount">Pages in all (at least 1).</param>
/// <param name="Next">The next page's address, or null on the last.</param>
/// <param name="Items">The results of this page, best first.</param>
public sealed record SearchResultsResource(string Query, int Page, int PageSize, int TotalCount, int PageCount, string? Next, IReadOnlyList<SearchHitResource> Items)
{
    /// <summary>The resource of a service result.</summary>
    public static SearchResultsResource From(SearchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var next = results.Page < results.PageCount ? SearchLinks.Api(results.Query, results.Page + 1) : null;
        return new(results.Query, results.Page, results.PageSize, results.TotalCount, results.PageCount, next,
            [.. results.Items.Select(SearchHitResource.From)]);
    }
}

/// <summary>One result: an essay or a comment.</summary>
/// <param name="Kind">"essay" or "comment".</param>
/// <param name="EssayId">The essay (of the comment).</param>
/// <param name="CommentId">The comment; null for an essay.</param>
/// <param name="EssayTitle">The essay's title.</param>
/// <param name="Url">The page to read it on (a comment's permalink).</param>
/// <param name="Author">Who wrote it (display name).</param>
/// <param name="Date">When it was written (a comment) or published (an essay), UTC.</param>
/// <param name="Snippet">An excerpt as safe HTML: the text encoded, only &lt;mark&gt; elements around the matches.</param>
public sealed record SearchHitResource(string Kind, int EssayId, int? CommentId, string EssayTitle, string Url, string Author, DateTime Date, string Snippet)
{
    /// <summary>The resource of a service result.</summary>
    public static SearchHitResource From(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new(hit.Kind == SearchHitKind.Essay ? "essay" : "comment", hit.EssayId, hit.CommentId, hit.EssayTitle,
            SearchLinks.Of(hit), hit.AuthorName, hit.At, hit.SnippetHtml);
    }
}

/// <summary>The addresses of search results and pages.</summary>
public static class SearchLinks
{
    /// <summary>Where a result is read: the essay page, or the comment's permalink.</summary>
    public static string Of(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return hit.CommentId is int id ? $"/comments/{id}" : EssayLinks.Path(hit.EssayId, hit.EssaySlug);
    }

    /// <summary>A page of the results page.</summary>
    public static string Page(string query, int page) =>
        "/search?q=" + Uri.EscapeDataString(query) + (page > 1 ? $"&page={page}" : "");

    /// <summary>A page of the API.</summary>
    public static string Api(string query, int page) => $"/api/search?q={Uri.EscapeDataString(query)}&page={page}";
}
