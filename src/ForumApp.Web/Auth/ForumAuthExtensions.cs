using ForumApp.Core.Accounts;
using ForumApp.Data.Accounts;
using ForumApp.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Auth;

/// <summary>Accounts on the web: the sign-in cookie, personal API tokens, the policies, and sign-out.</summary>
public static class ForumAuthExtensions
{
    /// <summary>
    /// Identity's sign-in cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and personal API tokens, behind one policy
    /// scheme that picks the token handler when an <c>Authorization: Bearer</c> header is present. The moderator policy
    /// asks <see cref="RoleCheck"/> (the database), never the role claim.
    /// </summary>
    public static IServiceCollection AddForumAuth(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(ForumUser), typeof(IdentityRole), services).AddSignInManager().AddDefaultTokenProviders();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = ForumAuth.Scheme;
                o.DefaultChallengeScheme = ForumAuth.Scheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(ForumAuth.Scheme, "Site cookie or API token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ForumAuth.TokenScheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ForumAuth.TokenScheme, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".ForumApp.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/login";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // The API answers 401/403 as problem+json instead of redirecting to the login page.
            o.Events.OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiOr(c, StatusCodes.Status403Forbidden);
        });
        services.AddSingleton<IAuthorizationHandler, ModeratorRequirementHandler>();
        services.AddSingleton<IAuthorizationHandler, AdminRequirementHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ForumAuth.CommenterPolicy, p => p.RequireAuthenticatedUser().RequireRole(ForumRoles.All))
            .AddPolicy(ForumAuth.ModeratorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new ModeratorRequirement()))
            .AddPolicy(ForumAuth.AdminPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new AdminRequirement()));
        services.AddCascadingAuthenticationState();
        return services;

        static Task ApiOr(RedirectContext<CookieAuthenticationOptions> c, int status)
        {
            if (c.HttpContext.IsApiRequest())
            {
                c.Response.StatusCode = status;
            }
            else
            {
                c.Response.Redirect(c.RedirectUri);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Sign-out (a POST form with antiforgery, like the Blazor template's).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/account/logout", async (SignInManager<ForumUser> signIn, [FromForm] string? returnUrl) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal)
                    ? "/"
                    : returnUrl);
            })
            .ExcludeFromDescription();
        return routes;
    }
}

/// <summary>Moderators and admins, as the database says now.</summary>
public sealed class ModeratorRequirement : IAuthorizationRequirement;

/// <summary>Answers <see cref="ModeratorRequirement"/> from <see cref="RoleCheck"/>, so a demotion takes effect at once.</summary>
internal sealed class ModeratorRequirementHandler(RoleCheck roles) : AuthorizationHandler<ModeratorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ModeratorRequirement requirement)
    {
        if (await roles.IsModeratorAsync(context.User.UserId()))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Admins, as the database says now.</summary>
public sealed class AdminRequirement : IAuthorizationRequirement;

/// <summary>Answers <see cref="AdminRequirement"/> from <see cref="RoleCheck"/>.</summary>
internal sealed class AdminRequirementHandler(RoleCheck roles) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (await roles.IsAdminAsync(context.User.UserId()))
        {
            context.Succeed(requirement);
        }
    }
}
