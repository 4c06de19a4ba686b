using System.Security.Claims;
using ForumApp.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Web.Auth;

/// <summary>
/// Checks the sign-in cookie's principal against the database on every request, replacing Identity's
/// <c>SecurityStampValidator</c> (which looks every 30 minutes, so a demoted moderator kept the role claim and the
/// header's moderation link for up to half an hour). One query reads the account's security stamp, display name and
/// roles (<see cref="RoleCheck.CurrentStateAsync"/>):
/// <list type="bullet">
/// <item>the account is gone: the cookie is rejected and deleted (the request is anonymous);</item>
/// <item>the stamp, the roles or the display name differ: the principal is rebuilt from the database and the cookie
/// renewed, so every claim, the header's links and every policy follow a role change on the very next request;</item>
/// <item>otherwise nothing is written.</item>
/// </list>
/// Services never trust a role claim for an action anyway (<see cref="RoleCheck"/>); this keeps what the pages show in
/// step with what the services allow.
/// </summary>
internal static class CookiePrincipalValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal is null || string.IsNullOrEmpty(userId))
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var state = await services.GetRequiredService<RoleCheck>().CurrentStateAsync(userId, context.HttpContext.RequestAborted);
        if (state is null)
        {
            await RejectAsync(context);
            return;
        }

        if (Matches(principal, state, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value))
        {
            return;
        }

        var signIn = services.GetRequiredService<SignInManager<ForumUser>>();
        var user = await signIn.UserManager.FindByIdAsync(userId);
        if (user is null)
        {
            await RejectAsync(context);
            return;
        }

        context.ReplacePrincipal(await signIn.CreateUserPrincipalAsync(user));
        context.ShouldRenew = true;
    }

    private static bool Matches(ClaimsPrincipal principal, AccountState state, IdentityOptions options)
    {
        var stamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType) ?? "";
        var roles = principal.FindAll(options.ClaimsIdentity.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
        return string.Equals(stamp, state.SecurityStamp, StringComparison.Ordinal)
            && string.Equals(principal.FindFirstValue(ForumClaims.DisplayName), state.DisplayName, StringComparison.Ordinal)
            && roles.SequenceEqual(state.Roles, StringComparer.Ordinal);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
