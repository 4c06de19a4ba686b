using System.Globalization;
using ForumApp.Data.Queries;
using ForumApp.Web.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.Essays;

/// <summary>The read API for essays; the pages call the same <see cref="EssayQueries"/>.</summary>
public static class EssayEndpoints
{
    /// <summary>Maps <c>GET /api/essays</c> and <c>GET /api/essays/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapEssayApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/essays").WithTags("Essays").RequireRateLimiting(RateLimits.Read).CacheOutput(ReadingCache.Policy);

        group.MapGet("/", ListAsync)
            .WithName("ListEssays")
            .WithSummary("Essays, newest first. Paged with ?page=&pageSize=; the total is in X-Total-Count and Link.");

        group.MapGet("/{id:int}", GetAsync)
            .WithName("GetEssay")
            .WithSummary("One essay and its whole comment tree.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<EssayListItem>>, ProblemHttpResult>> ListAsync(
        EssayQueries essays,
        HttpContext http,
        [FromQuery] int? page,
        [FromQuery] int? pageSize,
        CancellationToken cancellationToken)
    {
        if (page is < 1 || pageSize is < 1 or > 100)
        {
            return ApiConventions.BadRequest("잘못된 페이지 요청입니다", "page must be 1 or more and pageSize between 1 and 100.");
        }

        var result = await essays.ListAsync(page ?? 1, pageSize ?? 20, cancellationToken);
        http.Response.Headers["X-Total-Count"] = result.TotalCount.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (result.Page < result.PageCount)
        {
            links.Add($"</api/essays?page={result.Page + 1}&pageSize={result.PageSize}>; rel=\"next\"");
        }

        if (result.Page > 1)
        {
            links.Add($"</api/essays?page={result.Page - 1}&pageSize={result.PageSize}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }

        IReadOnlyList<EssayListItem> items = [.. result.Items.Select(e =>
            new EssayListItem(e.Id, e.Slug, e.Title, e.AuthorName, e.PublishedAt, e.CommentCount))];
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<EssayResource>, ProblemHttpResult>> GetAsync(
        int id,
        EssayQueries essays,
        CancellationToken cancellationToken)
    {
        var detail = await essays.GetAsync(id, cancellationToken);
        return detail is null
            ? ApiConventions.NotFound("에세이를 찾을 수 없습니다", $"There is no essay with id {id}.")
            : TypedResults.Ok(EssayResources.From(detail));
    }
}
