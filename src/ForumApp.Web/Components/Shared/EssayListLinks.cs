using System.Globalization;
using ForumApp.Core.Essays;

namespace ForumApp.Web.Components.Shared;

/// <summary>Addresses of the essay list: one way to write and read them, for the list page and the API.</summary>
public static class EssayListLinks
{
    /// <summary>The order named in an address: new for none, null for an unknown name.</summary>
    public static EssaySort? ParseSort(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "new" => EssaySort.New,
        "active" => EssaySort.Active,
        _ => null,
    };

    /// <summary>The list's address for an order, a tag and a page, without the parts that are the default.</summary>
    public static string ListPath(EssaySort sort, string? tag, int page)
    {
        var parts = new List<string>(3);
        if (sort == EssaySort.Active)
        {
            parts.Add("sort=active");
        }

        if (tag is not null)
        {
            parts.Add("tag=" + Uri.EscapeDataString(tag));
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "/" : "/?" + string.Join('&', parts);
    }
}
