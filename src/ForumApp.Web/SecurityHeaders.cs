namespace ForumApp.Web;

/// <summary>Headers every response carries: a strict Content-Security-Policy and the usual hardening.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles only from this origin (the Blazor script, the reconnect module, our CSS);
    /// the interactive circuit's WebSocket is this origin too. No inline script, no plugins, no framing. Images only
    /// from this origin: the pages show none but the favicon, and comments cannot contain images (the sanitizer drops
    /// <c>img</c>), so <c>data:</c> and other sites' images have no use and would only help exfiltration.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers before the response starts.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            await next(context);
        });
}
