using System.Security.Claims;
using ForumApp.Data.Notifications;
using ForumApp.Web.Auth;
using ForumApp.Web.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.Notifications;

/// <summary>
/// Your notifications: read them a page at a time, mark them read. Only ever the caller's own (the user id comes from
/// the credential, never from the request); never cached.
/// </summary>
public static class NotificationEndpoints
{
    /// <summary>Maps GET /api/notifications and POST /api/notifications/read.</summary>
    public static IEndpointRouteBuilder MapNotificationApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/notifications").WithTags("Notifications")
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", ListAsync)
            .WithName("GetNotifications")
            .WithSummary("Your notifications, newest first (page, pageSize up to 100), with unreadCount.")
            .RequireRateLimiting(RateLimits.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("/read", MarkReadAsync)
            .WithName("MarkNotificationsRead")
            .WithSummary("Marks your notifications read: {\"ids\": [...]} or {\"all\": true}. Answers how many changed and the unread count.")
            .AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<Results<Ok<NotificationPageResource>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, HttpContext http, NotificationService notifications, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken cancellationToken)
    {
        if (page is < 1 || pageSize is < 1 or > NotificationService.MaxPageSize)
        {
            return ApiConventions.BadRequest("쪽 번호나 쪽 크기가 올바르지 않습니다", $"page ≥ 1, 1 ≤ pageSize ≤ {NotificationService.MaxPageSize}.");
        }

        http.Response.Headers.CacheControl = "no-store";
        var result = await notifications.ListAsync(user.UserId()!, page ?? 1, pageSize ?? 20, cancellationToken);
        var p = result.Page;
        return TypedResults.Ok(new NotificationPageResource([.. p.Items.Select(NotificationResource.From)], p.Page, p.PageSize, p.TotalCount, p.PageCount, result.UnreadCount));
    }

    private static async Task<Results<Ok<MarkReadResource>, ProblemHttpResult>> MarkReadAsync(
        MarkReadRequest request, ClaimsPrincipal user, NotificationService notifications, CancellationToken cancellationToken)
    {
        if (request.All != true && (request.Ids is null || request.Ids.Count == 0))
        {
            return ApiConventions.BadRequest("읽음으로 표시할 알림을 고르세요", "Send {\"ids\": [...]} or {\"all\": true}.");
        }

        var userId = user.UserId()!;
        var marked = await notifications.MarkReadAsync(userId, request.Ids, request.All == true, cancellationToken);
        return TypedResults.Ok(new MarkReadResource(marked, await notifications.UnreadCountAsync(userId, cancellationToken)));
    }
}
