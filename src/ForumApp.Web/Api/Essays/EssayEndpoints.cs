using System.Globalization;
using ForumApp.Data.Queries;
using ForumApp.Web.RateLimiting;
using ForumApp.Web.Reading;
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
            .WithSummary("One essay and the first page of its discussion (about 50 comments in whole threads, oldest first); "
                + "commentPage says how many pages and comments there are and where the next page is.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:int}/comments", CommentsAsync)
            .WithName("GetEssayComments")
            .WithSummary("One page of an essay's discussion: ?page=N (1-based) and ?sort=oldest|newest|replies, the same pages as "
                + "the essay page. Follow next until it is null to read every comment once.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
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
        ReadingCache reading,
        CancellationToken cancellationToken)
    {
        var model = await reading.GetEssayAsync(id, cancellationToken);
        return model is null
            ? ApiConventions.NotFound("에세이를 찾을 수 없습니다", $"There is no essay with id {id}.")
            : TypedResults.Ok(EssayResources.From(model));
    }

    private static async Task<Results<Ok<CommentPageResource>, ProblemHttpResult>> CommentsAsync(
        int id,
        [FromQuery] int? page,
        [FromQuery] string? sort,
        ReadingCache reading,
        CancellationToken cancellationToken)
    {
        if (page is < 1 || Core.Comments.DiscussionPages.Parse(sort) is not { } order)
        {
            return ApiConventions.BadRequest("잘못된 쪽 요청입니다", "page must be 1 or more and sort one of oldest, newest, replies.");
        }

        var model = await reading.GetEssayAsync(id, cancellationToken);
        if (model is null)
        {
            return ApiConventions.NotFound("에세이를 찾을 수 없습니다", $"There is no essay with id {id}.");
        }

        var result = EssayResources.Page(model, order, page ?? 1);
        return result is null
            ? ApiConventions.NotFound("없는 쪽입니다", $"The discussion has {model.Pages(order).PageCount} pages.")
            : TypedResults.Ok(result);
    }
}
