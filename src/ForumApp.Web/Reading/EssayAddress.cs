using System.Globalization;

namespace ForumApp.Web.Reading;

/// <summary>
/// Marks a page addressed as <c>/essays/{Id}/{Slug}…</c>: a GET with an old, wrong or missing slug is answered
/// <c>301 Moved Permanently</c> to the essay's address, keeping the rest of the path and the query string, before the
/// page renders (<see cref="EssayAddressRedirect"/>). In static rendering a page can only answer 302 and Blazor's
/// redirect dropped the query, so a shared <c>?reply=12</c> or <c>?page=2</c> link landed somewhere else.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EssayAddressAttribute : Attribute;

/// <summary>The one owner of essay addresses: the slug is the read model's (<see cref="ReadingCache"/>).</summary>
public static class EssayAddressRedirect
{
    /// <summary>Redirects requests for <see cref="EssayAddressAttribute"/> pages whose slug is not the essay's.</summary>
    public static IApplicationBuilder UseEssayAddressRedirect(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (await CanonicalAddressAsync(http) is { } address)
        {
            http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            http.Response.Headers.Location = address;
            return;
        }

        await next(http);
    });

    /// <summary>The address to send the request to, or null when it is the essay's own (or not an essay page).</summary>
    private static async Task<string?> CanonicalAddressAsync(HttpContext http)
    {
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            || http.GetEndpoint()?.Metadata.GetMetadata<EssayAddressAttribute>() is null
            || !int.TryParse(http.Request.RouteValues["Id"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var essayId))
        {
            return null;
        }

        var model = await http.RequestServices.GetRequiredService<ReadingCache>().GetEssayAsync(essayId, http.RequestAborted);
        var slug = http.Request.RouteValues["Slug"]?.ToString() ?? "";
        if (model is null || string.Equals(slug, model.Detail.Essay.Slug, StringComparison.Ordinal)
            || !await http.RequestServices.GetRequiredService<Data.Essays.EssayAccess>().CanReadAsync(model.Detail.Essay, Auth.ForumAuth.UserId(http.User), http.RequestAborted))
        {
            return null; // an unknown essay, or a draft this reader may not see (its slug is not told), is the page's 404
        }

        var rest = http.Request.RouteValues["CommentId"] is { } commentId ? $"/comments/{commentId}" : "";
        return model.EssayPath + rest + http.Request.QueryString.Value;
    }
}
