using System.Threading.RateLimiting;
using ForumApp.Core.Accounts;
using ForumApp.Data;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Web.Api;
using ForumApp.Web.Auth;
using ForumApp.Web.Components;
using ForumApp.Web.Moderation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Serilog;

namespace ForumApp.Web;

/// <summary>Everything the web host registers and the order of its pipeline, in one place.</summary>
public static class ForumWebExtensions
{
    /// <summary>Registers the forum's services: data, Blazor, API, logging, health checks.</summary>
    public static WebApplicationBuilder AddForumWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // `dotnet run` serves http://localhost:5080 unless told otherwise (--urls, ASPNETCORE_URLS). There is no launch
        // profile on purpose: `dotnet run` prints "Using launch settings…" on stdout, which would corrupt the output
        // of verbs like `dedup FILE --json`. Static web assets (blazor.web.js, scoped CSS) are served from the build
        // output in every environment, so the plain build runs as Production too.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());

        builder.Services.AddReadingCache();
        builder.Services.AddForumData(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnreadableJsonExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddForumAuth();
        builder.Services.AddForumModeration();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter =
                        ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "요청이 너무 많습니다",
                    detail: "잠시 뒤에 다시 시도해 주세요.").ExecuteAsync(context.HttpContext);
            };
            // Reading is cheap but not free: a generous per-IP budget keeps one client from starving the rest.
            options.AddPolicy(RateLimits.Read, http => RateLimitPartition.GetTokenBucketLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 600,
                    TokensPerPeriod = 300,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            AddPostingLimits(options);
        });
        return builder;
    }

    /// <summary>
    /// Accounts: Identity's sign-in cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and personal API tokens, behind one
    /// policy scheme that picks the token handler when an <c>Authorization: Bearer</c> header is present.
    /// </summary>
    private static void AddForumAuth(this IServiceCollection services)
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
        services.AddAuthorizationBuilder()
            .AddPolicy(ForumAuth.CommenterPolicy, p => p.RequireAuthenticatedUser().RequireRole(ForumRoles.All))
            .AddPolicy(ForumAuth.ModeratorPolicy, p => p.RequireAuthenticatedUser().RequireRole(ForumRoles.Moderating));
        services.AddCascadingAuthenticationState();

        static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> c, int status)
        {
            if (c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
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
    /// Posting through the API: one post per interval per account (longer for young accounts) as the endpoint policy,
    /// and one per interval per IP address in the global limiter, which runs for every endpoint but only limits posts.
    /// The interactive composer enforces the same <see cref="PostingLimitOptions"/> with <see cref="PostingThrottle"/>.
    /// </summary>
    private static void AddPostingLimits(RateLimiterOptions options)
    {
        options.AddPolicy(RateLimits.Post, http =>
        {
            var limits = http.RequestServices.GetRequiredService<PostingLimitOptions>();
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var interval = http.User.UserId() is { } userId
                ? limits.AccountInterval(http.User.AccountCreated(), now)
                : limits.PerIpInterval;
            var key = (http.User.UserId() ?? "ip:" + http.Connection.RemoteIpAddress) + "|" + interval;
            return OnePer(key, interval);
        });
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var isPost = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == RateLimits.Post;
            var interval = isPost ? http.RequestServices.GetRequiredService<PostingLimitOptions>().PerIpInterval : TimeSpan.Zero;
            return OnePer("ip:" + http.Connection.RemoteIpAddress + "|" + interval, interval);
        });

        static RateLimitPartition<string> OnePer(string key, TimeSpan interval) => interval <= TimeSpan.Zero
            ? RateLimitPartition.GetNoLimiter("unlimited")
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = 1,
                Window = interval,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }

    /// <summary>Sign-out (a POST form with antiforgery, like the Blazor template's).</summary>
    private static void MapAccountEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/account/logout", async (SignInManager<ForumUser> signIn, [FromForm] string? returnUrl) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal)
                    ? "/"
                    : returnUrl);
            })
            .ExcludeFromDescription();

    /// <summary>Migrates the database and imports the seed threads into an empty one.</summary>
    public static async Task InitializeForumDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        await initializer.MigrateAsync();
        await initializer.SeedAsync(SeedFolder.Find(app.Configuration, app.Environment.ContentRootPath));
    }

    /// <summary>The request pipeline: errors, security headers, logging, static files, API, pages.</summary>
    public static WebApplication UseForumWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            api =>
            {
                api.UseExceptionHandler();
                api.UseStatusCodePages();
            });
        app.UseWhen(
            c => !c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            pages =>
            {
                if (!app.Environment.IsDevelopment())
                {
                    pages.UseExceptionHandler("/Error", createScopeForErrors: true);
                }

                pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
            });

        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseOutputCache();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz");
        app.MapEssayApi();
        app.MapCommentApi();
        app.MapModerationApi();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

/// <summary>Names of the rate-limit policies.</summary>
public static class RateLimits
{
    /// <summary>Reading pages and the read API, per IP.</summary>
    public const string Read = "read";

    /// <summary>Posting a comment through the API, per account (per IP on top, in the global limiter).</summary>
    public const string Post = "post";
}
