using System.Globalization;
using System.Security.Claims;
using ForumApp.Data.Moderation;
using ForumApp.Data.Notifications;
using ForumApp.Data.Reactions;
using ForumApp.Web.Auth;
using ForumApp.Web.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.People;

/// <summary>What the "공감" button's plain form sends.</summary>
public sealed class ReactionForm
{
    /// <summary>"true" to give, "false" to take back.</summary>
    public bool On { get; set; }

    /// <summary>The page to go back to (a local path).</summary>
    public string? ReturnUrl { get; set; }
}

/// <summary>What the notifications page's forms send: one id, or all.</summary>
public sealed class MarkReadForm
{
    /// <summary>The notification to mark read.</summary>
    public long? Id { get; set; }

    /// <summary>True to mark all read.</summary>
    public bool All { get; set; }

    /// <summary>The page of the list to go back to.</summary>
    public int? Page { get; set; }
}

/// <summary>What the admins' role form sends.</summary>
public sealed class RoleForm
{
    /// <summary>The account's user name.</summary>
    public string? UserName { get; set; }

    /// <summary>commenter, author, moderator or admin.</summary>
    public string? Role { get; set; }
}

/// <summary>
/// The plain forms of the people features (no JavaScript, antiforgery checked by form binding): "공감" buttons,
/// marking notifications read, the admins' role form. Each calls the same service as the API and answers 303 to the
/// page it came from, so a reload never sends the form again.
/// </summary>
public static class PeopleFormEndpoints
{
    /// <summary>Maps POST /comments/{id}/reaction, /essays/{id}/reaction, /notifications/read and /admin/roles.</summary>
    public static IEndpointRouteBuilder MapPeopleForms(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/comments/{id:int}/reaction", async (int id, [FromForm] ReactionForm form, ClaimsPrincipal user, HttpContext http, ReactionService reactions, CancellationToken ct) =>
            {
                var outcome = await reactions.SetCommentAsync(user.UserId()!, id, form.On, ct);
                return outcome.Succeeded ? SeeOther(http, Local(form.ReturnUrl, $"/comments/{id}") + $"#c-{id}") : Results.NotFound();
            })
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .RequireRateLimiting(RateLimits.Reactions)
            .ExcludeFromDescription();
        routes.MapPost("/essays/{id:int}/reaction", async (int id, [FromForm] ReactionForm form, ClaimsPrincipal user, HttpContext http, ReactionService reactions, CancellationToken ct) =>
            {
                var outcome = await reactions.SetEssayAsync(user.UserId()!, id, form.On, ct);
                return outcome.Succeeded ? SeeOther(http, Local(form.ReturnUrl, $"/essays/{id}") + "#essay-reactions") : Results.NotFound();
            })
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .RequireRateLimiting(RateLimits.Reactions)
            .ExcludeFromDescription();
        routes.MapPost("/notifications/read", async ([FromForm] MarkReadForm form, ClaimsPrincipal user, HttpContext http, NotificationService notifications, CancellationToken ct) =>
            {
                await notifications.MarkReadAsync(user.UserId()!, form.Id is long one ? [one] : null, form.All, ct);
                return SeeOther(http, form.Page is int p and > 1 ? string.Create(CultureInfo.InvariantCulture, $"/notifications?page={p}") : "/notifications");
            })
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .ExcludeFromDescription();
        routes.MapPost("/admin/roles", async ([FromForm] RoleForm form, ClaimsPrincipal user, HttpContext http, RoleChangeService roles, CancellationToken ct) =>
            {
                var outcome = await roles.SetRoleByAdminAsync(user.UserId()!, form.UserName ?? "", form.Role ?? "", ct);
                if (outcome.Kind == Core.OutcomeKind.Forbidden)
                {
                    return Results.StatusCode(StatusCodes.Status403Forbidden);
                }

                var query = outcome.Succeeded
                    ? "?changed=" + Uri.EscapeDataString(form.UserName ?? "")
                    : "?error=" + Uri.EscapeDataString(outcome.Message);
                return SeeOther(http, "/admin/roles" + query);
            })
            .RequireAuthorization(ForumAuth.AdminPolicy)
            .WithMetadata(new global::ForumApp.Web.Moderation.ModerationAreaAttribute())
            .ExcludeFromDescription();
        return routes;
    }

    /// <summary>A path on this site to go back to (<see cref="Components.Pages.Account.AccountLinks.SafeReturnUrl"/>, the fragment dropped), or <paramref name="fallback"/>.</summary>
    public static string Local(string? url, string fallback)
    {
        var safe = Components.Pages.Account.AccountLinks.SafeReturnUrl(url?.Split('#')[0]);
        return safe == "/" ? fallback : safe;
    }

    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
