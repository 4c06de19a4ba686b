using System.Security.Claims;
using ForumApp.Data.Moderation;
using ForumApp.Data.People;
using ForumApp.Web.Auth;
using ForumApp.Web.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.People;

/// <summary>Profiles (anyone) and role changes (admins, the same service as the role page and the CLI).</summary>
public static class PeopleEndpoints
{
    /// <summary>Maps GET /api/users/{name} and PUT /api/admin/users/{name}/role.</summary>
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/users/{name}", ProfileAsync)
            .WithTags("People")
            .WithName("GetProfile")
            .WithSummary("A person's profile: display name, role, joined date, published essays, a page of visible comments (?page=N), stance counts.")
            .RequireRateLimiting(RateLimits.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPut("/api/admin/users/{name}/role", SetRoleAsync)
            .WithTags("People")
            .WithName("SetRole")
            .WithSummary("Admins: gives the account exactly this role (audited; its sign-in credentials are refreshed). 409 for the last admin.")
            .RequireAuthorization(ForumAuth.AdminPolicy)
            .WithMetadata(new global::ForumApp.Web.Moderation.ModerationAreaAttribute()) // 403 for everyone else, signed in or not
            .AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Ok<ProfileResource>, ProblemHttpResult>> ProfileAsync(
        string name, [FromQuery] int? page, ProfileQueries profiles, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(name, page ?? 1, cancellationToken);
        return profile is null
            ? ApiConventions.NotFound("사람을 찾을 수 없습니다", $"There is no account named {name}.")
            : TypedResults.Ok(ProfileResource.From(profile));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetRoleAsync(
        string name, SetRoleRequest request, ClaimsPrincipal user, HttpContext http, RoleChangeService roles, CancellationToken cancellationToken)
    {
        var outcome = await roles.SetRoleByAdminAsync(user.UserId()!, name, request.Role ?? "", cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : http.Problem(outcome);
    }
}
