using ForumApp.Core.Accounts;
using ForumApp.Data.Accounts;
using ForumApp.Web.Api;
using ForumApp.Web.Components.Pages.Account;
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
    public static IServiceCollection AddForumAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(SignInThrottleOptions.Section).Get<SignInThrottleOptions>() ?? new SignInThrottleOptions());
        services.AddSingleton<SignInThrottle>();
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
            // Every request compares the cookie with the account as stored (one query): a role change shows at once.
            o.Events.OnValidatePrincipal = CookiePrincipalValidator.ValidateAsync;
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

    /// <summary>
    /// Before authentication: a request with a Bearer token from an address that guessed too many wrong tokens or
    /// passwords gets 429 problem+json with Retry-After, whatever the token and the endpoint (an anonymous endpoint
    /// would otherwise still answer, and the answer could tell a valid token from a wrong one).
    /// </summary>
    public static IApplicationBuilder UseSignInThrottle(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && http.RequestServices.GetRequiredService<SignInThrottle>().RetryAfter(http.Connection.RemoteIpAddress?.ToString()) is { } wait)
            {
                http.Response.Headers.RetryAfter = SignInThrottle.Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: SignInThrottle.Message(wait),
                    detail: "Too many wrong API tokens or passwords came from this address; try again after Retry-After seconds.",
                    type: ApiConventions.ProblemType(Core.ProblemTypes.RateLimited)).ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    /// <summary>Sign-out (a POST form with antiforgery, like the Blazor template's).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        // Signing out must always sign out: the return address is checked by a rule that cannot throw (LocalRedirect
        // threw on "/\evil" or "/\t…", and the error page then dropped the cookie-clearing header).
        routes.MapPost("/account/logout", async (SignInManager<ForumUser> signIn, [FromForm] string? returnUrl) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.Redirect(AccountLinks.SafeReturnUrl(returnUrl));
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
