using ForumApp.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ForumApp.Web.Moderation;

/// <summary>
/// Marks the moderation pages and API. There, a caller without the moderator role gets 403 whether or not they are
/// signed in: the issue asks for "everyone else gets 403", and for a reader there is nothing to sign in to that a
/// login would reveal more of; anonymous callers are not sent round the login page for an action they can never do.
/// The API answers 403 problem+json; pages answer 403 with the Korean "no permission" page (with a login link for
/// readers who are not signed in).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ModerationAreaAttribute : Attribute;

/// <summary>Turns the authorization middleware's challenge or forbid into a plain 403 inside the moderation area.</summary>
internal sealed class ModerationAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && context.GetEndpoint()?.Metadata.GetMetadata<ModerationAreaAttribute>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            if (context.IsApiRequest())
            {
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "운영자만 쓸 수 있습니다",
                    detail: "The moderation API needs a moderator or admin account (site cookie or Authorization: Bearer).",
                    type: ApiConventions.ProblemType(Core.ProblemTypes.ModeratorsOnly)).ExecuteAsync(context);
            }

            else
            {
                // The page itself, not the status-code pages: their not-found page would turn the status into 404.
                var returnUrl = context.Request.Path + context.Request.QueryString;
                await new RazorComponentResult<Components.Pages.Moderation.ForbiddenDocument>(new
                {
                    ReturnUrl = returnUrl.ToString(),
                    Anonymous = context.User.Identity?.IsAuthenticated != true,
                })
                {
                    StatusCode = StatusCodes.Status403Forbidden,
                }.ExecuteAsync(context);
            }

            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>Registers the moderation area's web services.</summary>
public static class ModerationWebExtensions
{
    /// <summary>The 403 handler of the moderation area and the scan job.</summary>
    public static IServiceCollection AddForumModeration(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ModerationAuthorizationResultHandler>();
        services.AddSingleton<DuplicateScanJob>();
        return services;
    }
}
