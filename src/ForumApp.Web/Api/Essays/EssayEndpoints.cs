using System.Globalization;
using System.Security.Claims;
using ForumApp.Core.Essays;
using ForumApp.Data.Essays;
using ForumApp.Data.Queries;
using ForumApp.Web.Auth;
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
            .WithSummary("Published essays, ?sort=new (default, newest first) or active (most recent reply first), ?tag= to keep one "
                + "tag. Paged with ?page=&pageSize= (20 by default); the total is in X-Total-Count and Link.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/{id:int}", GetAsync)
            .WithName("GetEssay")
            .WithSummary("One essay (its revision, tags, paragraphs with stable ids and reply counts, stance counts) and the first page "
                + "of its discussion (about 50 comments in whole threads, oldest first); commentPage says how many pages and comments "
                + "there are and where the next page is. Drafts and unpublished essays are 404 to everyone but their author and moderators.")
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
        [FromQuery] string? sort,
        [FromQuery] string? tag,
        CancellationToken cancellationToken)
    {
        if (page is < 1 || pageSize is < 1 or > 100 || Components.Shared.EssayListLinks.ParseSort(sort) is not EssaySort order || tag?.Length > 100)
        {
            return ApiConventions.BadRequest("잘못된 목록 요청입니다", "page must be 1 or more, pageSize between 1 and 100, sort new or active, tag at most 100 characters.");
        }

        var result = await essays.ListAsync(new EssayListQuery(page ?? 1, pageSize ?? 20, order, string.IsNullOrWhiteSpace(tag) ? null : tag), cancellationToken);
        http.Response.Headers["X-Total-Count"] = result.TotalCount.ToString(CultureInfo.InvariantCulture);
        var extra = (order == EssaySort.Active ? "&sort=active" : "") + (string.IsNullOrWhiteSpace(tag) ? "" : "&tag=" + Uri.EscapeDataString(tag));
        var links = new List<string>();
        if (result.Page < result.PageCount)
        {
            links.Add($"</api/essays?page={result.Page + 1}&pageSize={result.PageSize}{extra}>; rel=\"next\"");
        }

        if (result.Page > 1)
        {
            links.Add($"</api/essays?page={result.Page - 1}&pageSize={result.PageSize}{extra}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }

        IReadOnlyList<EssayListItem> items = [.. result.Items.Select(e => new EssayListItem(
            e.Id, e.Slug, e.Title, e.AuthorName, e.PublishedAt, e.CommentCount, e.Tags, StanceCountsResource.From(e.Stances), e.LastCommentAt))];
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<EssayResource>, ProblemHttpResult>> GetAsync(
        int id,
        ReadingCache reading,
        EssayAccess access,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var model = await ReadableAsync(id, reading, access, user, cancellationToken);
        return model is null
            ? ApiConventions.NotFound("에세이를 찾을 수 없습니다", $"There is no essay with id {id}.")
            : TypedResults.Ok(EssayResources.From(model));
    }

    /// <summary>The essay's read model when <paramref name="user"/> may read it (a draft or unpublished essay: its author and moderators), else null.</summary>
    internal static async Task<EssayReadModel?> ReadableAsync(int id, ReadingCache reading, EssayAccess access, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var model = await reading.GetEssayAsync(id, cancellationToken);
        return model is not null && await access.CanReadAsync(model.Detail.Essay, user.UserId(), cancellationToken) ? model : null;
    }

    private static async Task<Results<Ok<CommentPageResource>, ProblemHttpResult>> CommentsAsync(
        int id,
        [FromQuery] int? page,
        [FromQuery] string? sort,
        ReadingCache reading,
        EssayAccess access,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (page is < 1 || Core.Comments.DiscussionPages.Parse(sort) is not { } order)
        {
            return ApiConventions.BadRequest("잘못된 쪽 요청입니다", "page must be 1 or more and sort one of oldest, newest, replies.");
        }

        var model = await ReadableAsync(id, reading, access, user, cancellationToken);
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
