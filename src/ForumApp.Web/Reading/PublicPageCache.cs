using System.Collections.Concurrent;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using ForumApp.Core.Changes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ForumApp.Web.Reading;

/// <summary>
/// Marks a reading page whose anonymous rendering is the same for every reader: <see cref="PublicPageCache"/> keeps
/// it, compressed once, until a change of what it shows. The route value <c>Id</c> names the essay it shows; a page
/// without one (the home page, lists) is evicted by any change.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicPageAttribute : Attribute;

/// <summary>
/// Whole anonymous reading pages as bytes, stored once per change with their brotli and gzip forms and an ETag, and
/// answered without running the page: <c>Cache-Control: public</c> with a short max-age, 304 for a matching
/// <c>If-None-Match</c>. A page is stored only as an anonymous reader gets it: the per-request state Blazor appends
/// (the protected component state and its antiforgery cookie, needed only by interactive islands, which anonymous
/// pages never have) is left out, so the page sets no cookie and carries nothing per request. Signed-in readers always
/// get a fresh page, marked <c>private</c>. <see cref="PublicPageCacheListener"/> evicts entries from the change feed.
/// </summary>
public sealed partial class PublicPageCache(IConfiguration configuration) : IDisposable
{
    /// <summary>How long a browser may reuse an anonymous page without asking again.</summary>
    public static readonly TimeSpan BrowserMaxAge = TimeSpan.FromSeconds(10);

    private readonly MemoryCache _pages = new(new MemoryCacheOptions
    {
        SizeLimit = configuration.GetValue("PublicPageCache:MaxBytes", 64L * 1024 * 1024),
    });

    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly bool _disabled = configuration.GetValue<bool>("PublicPageCache:Disabled");
    private long _generation;

    /// <summary>Number of pages held (for tests and diagnostics).</summary>
    public int Count => (int)_pages.Count;

    /// <summary>The tag of pages that show essay <paramref name="essayId"/>.</summary>
    public static string EssayTag(int essayId) => "essay:" + essayId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Forgets the pages of one essay and every list.</summary>
    public void InvalidateEssay(int essayId)
    {
        Bump(EssayTag(essayId));
        Bump(ListTag);
    }

    /// <summary>Forgets every page.</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _pages.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => _pages.Dispose();

    internal const string ListTag = "lists";

    internal async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<PublicPageAttribute>() is null || !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
        {
            await next(http);
            return;
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            // A signed-in reader's page has their links and, with the composer, an antiforgery token: never shared.
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.CacheControl = "private, no-store";
                return Task.CompletedTask;
            });
            await next(http);
            return;
        }

        var tag = http.Request.RouteValues.TryGetValue("Id", out var id) && int.TryParse(id?.ToString(), out var essayId) ? EssayTag(essayId) : ListTag;
        // One entry per address and language: the same address is a Korean or an English page (docs/localization.md).
        var key = System.Globalization.CultureInfo.CurrentUICulture.Name + " " + http.Request.Path.Value + http.Request.QueryString.Value;
        if (_disabled || !_pages.TryGetValue(key, out CachedPage? page) || page is null)
        {
            page = await RenderAsync(http, next, key, tag);
            if (page is null)
            {
                return; // not a page that can be shared (a redirect, an error, a cookie of its own): already answered
            }
        }

        await ServeAsync(http, page);
    }

    private async Task<CachedPage?> RenderAsync(HttpContext http, RequestDelegate next, string key, string tag)
    {
        var generation = Interlocked.Read(ref _generation);
        var version = _versions.GetValueOrDefault(tag);
        var listVersion = _versions.GetValueOrDefault(ListTag);
        var original = http.Response.Body;
        var acceptEncoding = http.Request.Headers.AcceptEncoding;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        http.Request.Headers.AcceptEncoding = StringValues.Empty; // stored uncompressed; compressed once below
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
            http.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        var response = http.Response;
        var shareable = response.StatusCode == StatusCodes.Status200OK
            && response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && response.Headers.SetCookie.All(c => c is not null && c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        if (!shareable)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
            return null;
        }

        response.Headers.Remove(HeaderNames.SetCookie);
        response.Headers.Remove(HeaderNames.Pragma);
        var html = ComponentState().Replace(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), "");
        var page = CachedPage.Create(Encoding.UTF8.GetBytes(html), response.ContentType!);
        if (!_disabled && Interlocked.Read(ref _generation) == generation && _versions.GetValueOrDefault(tag) == version
            && _versions.GetValueOrDefault(ListTag) == listVersion)
        {
            // Stored under the tag's version: a change that committed during the render leaves the entry unused.
            var entry = new MemoryCacheEntryOptions { Size = page.Size };
            entry.AddExpirationToken(TagToken(tag));
            _pages.Set(key, page, entry);
        }

        return page;
    }

    private static async Task ServeAsync(HttpContext http, CachedPage page)
    {
        var response = http.Response;
        var (body, encoding, etag) = ChooseEncoding(http.Request.Headers.AcceptEncoding, page);
        response.Headers.Remove(HeaderNames.SetCookie);
        response.Headers.CacheControl = $"public, max-age={(int)BrowserMaxAge.TotalSeconds}";
        response.Headers.ETag = etag;
        // Vary: Cookie, so that a browser that kept the anonymous page asks again once it holds a sign-in cookie or a
        // culture cookie; Accept-Language, since the language of the page follows it.
        response.Headers.Vary = "Accept-Encoding, Accept-Language, Cookie";
        response.ContentType = page.ContentType;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Any(t => t.Trim() == etag))))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    private static (byte[] Body, string? Encoding, string ETag) ChooseEncoding(StringValues acceptEncoding, CachedPage page)
    {
        var accepted = acceptEncoding.ToString();
        if (Accepts(accepted, "br"))
        {
            return (page.Brotli, "br", $"\"{page.Hash}-br\"");
        }

        return Accepts(accepted, "gzip") ? (page.Gzip, "gzip", $"\"{page.Hash}-gz\"") : (page.Raw, null, $"\"{page.Hash}\"");
    }

    private static bool Accepts(string header, string coding)
    {
        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';');
            if (pieces[0].Trim().Equals(coding, StringComparison.OrdinalIgnoreCase))
            {
                return !(pieces.Length > 1 && pieces[1].Trim().Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
            }
        }

        return false;
    }

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tokens = new(StringComparer.Ordinal);

    private CancellationChangeToken TagToken(string tag) =>
        new CancellationChangeToken(_tokens.GetOrAdd(tag, _ => new CancellationTokenSource()).Token);

    private void Bump(string tag)
    {
        _versions.AddOrUpdate(tag, 1, (_, v) => v + 1);
        if (_tokens.TryRemove(tag, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }

    // The protected component state Blazor appends to every page of an app with interactive islands.
    [GeneratedRegex("<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex ComponentState();

    private sealed record CachedPage(byte[] Raw, byte[] Brotli, byte[] Gzip, string Hash, string ContentType)
    {
        public long Size => Raw.Length + Brotli.Length + Gzip.Length;

        public static CachedPage Create(byte[] raw, string contentType)
        {
            using var brotli = new MemoryStream();
            using (var encoder = new BrotliStream(brotli, CompressionLevel.Optimal, leaveOpen: true))
            {
                encoder.Write(raw);
            }

            using var gzip = new MemoryStream();
            using (var encoder = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
            {
                encoder.Write(raw);
            }

            var hash = Convert.ToHexStringLower(XxHash128.Hash(raw));
            return new CachedPage(raw, brotli.ToArray(), gzip.ToArray(), hash, contentType);
        }
    }
}

/// <summary>Evicts the anonymous pages a committed change shows on (a listener of the change feed).</summary>
public sealed class PublicPageCacheListener(PublicPageCache cache) : IForumChangeListener
{
    /// <inheritdoc />
    public Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EssayId is int essayId)
        {
            cache.InvalidateEssay(essayId);
        }
        else
        {
            cache.InvalidateAll();
        }

        return Task.CompletedTask;
    }
}

/// <summary>Registers the public page cache and its place in the pipeline.</summary>
public static class PublicPageCacheExtensions
{
    /// <summary>The cache and its change-feed listener.</summary>
    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddSingleton<PublicPageCache>();
        services.AddSingleton<IForumChangeListener, PublicPageCacheListener>();
        return services;
    }

    /// <summary>Answers anonymous GETs of <see cref="PublicPageAttribute"/> pages from the cache (after authentication).</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app)
    {
        var cache = app.ApplicationServices.GetRequiredService<PublicPageCache>();
        return app.Use(next => http => cache.InvokeAsync(http, next));
    }
}
