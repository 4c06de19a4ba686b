namespace ForumApp.Web.Feeds;

/// <summary>
/// The forum's absolute address, for links that leave the site (feeds, the sitemap, OpenGraph tags): the setting
/// <c>Site:BaseUrl</c> ("https://forum.example.kr") when set, otherwise the scheme and host of the request (behind a
/// proxy, X-Forwarded-Proto is honoured). Set it when the forum answers to more than one host name: cached anonymous
/// pages are kept per path, not per host.
/// </summary>
public static class SiteAddress
{
    /// <summary>The setting's name.</summary>
    public const string Setting = "Site:BaseUrl";

    /// <summary>The base address without a trailing slash.</summary>
    public static string Base(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()[Setting];
        return !string.IsNullOrWhiteSpace(configured)
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
    }

    /// <summary>The absolute address of a site path ("/essays/1/…").</summary>
    public static Uri Of(HttpContext http, string path) => new(Base(http) + path, UriKind.Absolute);
}
