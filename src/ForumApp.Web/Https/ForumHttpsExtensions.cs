using Microsoft.AspNetCore.Antiforgery;

namespace ForumApp.Web.Https;

/// <summary>
/// Serving over HTTPS, directly or behind a reverse proxy (docs/operations.md). The forwarded headers are read first
/// (<c>UseForumCluster</c>: only from loopback and <c>ForwardedHeaders:KnownProxies</c>), so a request that came over
/// HTTPS is HTTPS here: Secure cookies and HSTS. Kestrel's <c>Server</c> header is not sent.
/// </summary>
public static class ForumHttpsExtensions
{
    /// <summary>How long browsers remember to use HTTPS only (HSTS <c>max-age</c>).</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    /// <summary>HSTS, Secure antiforgery cookies, no Server header.</summary>
    public static WebApplicationBuilder AddForumHttps(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        // Only HTTPS responses carry the header, and never for localhost (the built-in exclusions).
        builder.Services.AddHsts(o => o.MaxAge = HstsMaxAge);
        // The auth cookie is SameAsRequest already (ForumAuthExtensions); the antiforgery cookie defaults to never Secure.
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>HSTS on HTTPS responses (after the forwarded headers, so a proxied HTTPS request counts).</summary>
    public static IApplicationBuilder UseForumHttps(this IApplicationBuilder app) => app.UseHsts();
}
