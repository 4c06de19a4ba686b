using System.Security.Claims;
using ForumApp.Data.Reactions;
using ForumApp.Web.Auth;
using ForumApp.Web.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForumApp.Web.Api.Reactions;

/// <summary>
/// "공감" on comments and essays: POST gives it, DELETE takes it back; both idempotent. Authenticated by the cookie (with
/// the antiforgery header) or a token, rate limited per account (<see cref="RateLimits.Reactions"/>). An unknown,
/// merged, deleted or unpublished target is a 404 problem.
/// </summary>
public static class ReactionEndpoints
{
    /// <summary>Maps POST/DELETE /api/comments/{id}/reactions and /api/essays/{id}/reactions.</summary>
    public static IEndpointRouteBuilder MapReactionApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Reactions")
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .RequireRateLimiting(RateLimits.Reactions)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/comments/{id:int}/reactions", (int id, ClaimsPrincipal user, HttpContext http, ReactionService reactions, CancellationToken ct) =>
                SetAsync(http, reactions.SetCommentAsync(user.UserId()!, id, true, ct)))
            .WithName("ReactToComment")
            .WithSummary("Gives your 공감 to a visible comment (once per person; again changes nothing). Answers the count of people.");
        group.MapDelete("/comments/{id:int}/reactions", (int id, ClaimsPrincipal user, HttpContext http, ReactionService reactions, CancellationToken ct) =>
                SetAsync(http, reactions.SetCommentAsync(user.UserId()!, id, false, ct)))
            .WithName("UnreactToComment")
            .WithSummary("Takes back your 공감 on a comment (also on the copies merged into it); without one, changes nothing.");
        group.MapPost("/essays/{id:int}/reactions", (int id, ClaimsPrincipal user, HttpContext http, ReactionService reactions, CancellationToken ct) =>
                SetAsync(http, reactions.SetEssayAsync(user.UserId()!, id, true, ct)))
            .WithName("ReactToEssay")
            .WithSummary("Gives your 공감 to a published essay (once per person).");
        group.MapDelete("/essays/{id:int}/reactions", (int id, ClaimsPrincipal user, HttpContext http, ReactionService reactions, CancellationToken ct) =>
                SetAsync(http, reactions.SetEssayAsync(user.UserId()!, id, false, ct)))
            .WithName("UnreactToEssay")
            .WithSummary("Takes back your 공감 on an essay.");
        return routes;
    }

    private static async Task<Results<Ok<ReactionResource>, ProblemHttpResult>> SetAsync(HttpContext http, Task<ReactionOutcome> set)
    {
        var outcome = await set;
        return outcome.Succeeded ? TypedResults.Ok(new ReactionResource(outcome.Count, outcome.Reacted)) : http.Problem(outcome);
    }
}
