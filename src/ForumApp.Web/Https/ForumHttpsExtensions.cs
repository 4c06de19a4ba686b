using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;

namespace ForumApp.Web.Https;

/// <summary>
/// Serving over HTTPS, directly or behind a reverse proxy (docs/operations.md): the proxy's <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only from loopback and the addresses in <c>ReverseProxy:KnownProxies</c>, so a
/// request that came over HTTPS is seen as HTTPS (Secure cookies, HSTS) and the client's own address is the one the
/// limits count. Kestrel's <c>Server</c> header is not sent.
/// </summary>
public static class ForumHttpsExtensions
{
    /// <summary>Configuration key of the extra trusted proxy addresses (a list of IP addresses).</summary>
    public const string KnownProxiesKey = "ReverseProxy:KnownProxies";

    /// <summary>How long browsers remember to use HTTPS only (HSTS <c>max-age</c>).</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    /// <summary>Forwarded headers from trusted proxies, HSTS, Secure antiforgery cookies, no Server header.</summary>
    public static WebApplicationBuilder AddForumHttps(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        var proxies = builder.Configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Defaults already trust loopback (127.0.0.0/8 and ::1): nginx on the same machine needs no setting.
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        // Only HTTPS responses carry the header, and never for localhost (the built-in exclusions).
        builder.Services.AddHsts(o => o.MaxAge = HstsMaxAge);
        // The auth cookie is SameAsRequest already (ForumAuthExtensions); the antiforgery cookie defaults to never Secure.
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: the forwarded scheme and address, then HSTS on HTTPS responses.</summary>
    public static IApplicationBuilder UseForumHttps(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.UseHsts();
        return app;
    }
}
