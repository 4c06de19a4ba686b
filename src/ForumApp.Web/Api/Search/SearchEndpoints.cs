using ForumApp.Data.Search;
using ForumApp.Web.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.Search;

/// <summary>The search API; the results page calls the same <see cref="SearchService"/>.</summary>
public static class SearchEndpoints
{
    /// <summary>Maps <c>GET /api/search</c>.</summary>
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/search", SearchAsync)
            .WithTags("Search")
            .RequireRateLimiting(RateLimits.Read)
            .WithName("Search")
            .WithSummary("Searches published essays (title and body) and visible comments: ?q= (1 to 200 characters; Korean words "
                + "match their forms with particles and endings, Latin words are case-insensitive prefixes) and ?page= (1-based, "
                + "20 results a page). Results are ranked, each with its kind (essay or comment), ids, author, date and a snippet "
                + "whose only markup is <mark> around the matches. An empty, too long or wordless query is a 400 problem.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<Results<Ok<SearchResultsResource>, ProblemHttpResult>> SearchAsync(
        SearchService search,
        HttpContext http,
        [FromQuery] string? q,
        [FromQuery] int? page,
        CancellationToken cancellationToken)
    {
        var outcome = await search.SearchAsync(q, page ?? 1, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Ok(SearchResultsResource.From(outcome.Results!))
            : http.Problem(outcome);
    }
}
