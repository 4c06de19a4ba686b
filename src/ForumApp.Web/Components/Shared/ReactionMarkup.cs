using System.Globalization;
using System.Text;
using ForumApp.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Components.Shared;

/// <summary>Where a person's profile lives.</summary>
public static class PeopleLinks
{
    /// <summary><c>/users/{name}</c>, the name escaped for a path segment.</summary>
    public static string Profile(string userName) => "/users/" + Uri.EscapeDataString(userName ?? "");

    /// <summary>The person's Atom feed of comments (served by the feeds feature).</summary>
    public static string Feed(string userName) => Profile(userName) + "/feed.atom";
}

/// <summary>
/// The "공감" part of a comment's footer, written into the thread HTML: the count for everyone, and for a signed-in
/// reader a plain form (POST <c>/comments/{id}/reaction</c>, antiforgery field included) whose button gives or takes back
/// theirs (<c>aria-pressed</c> says which).
/// </summary>
public static class ReactionMarkup
{
    /// <summary>Appends the count or the button of comment <paramref name="commentId"/>, its text from <paramref name="L"/>.</summary>
    public static void Write(StringBuilder html, int commentId, ThreadView view, IStringLocalizer<UiText> L)
    {
        ArgumentNullException.ThrowIfNull(L);
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(view);
        var count = view.Reactions?.GetValueOrDefault(commentId) ?? 0;
        var id = commentId.ToString(CultureInfo.InvariantCulture);
        if (view.AntiforgeryField is null)
        {
            if (count > 0)
            {
                html.Append("<span class=\"reaction-count\">").Append(L["공감 {0}", count]).Append("</span>");
            }

            return;
        }

        var mine = view.Reacted?.Contains(commentId) == true;
        html.Append("<form class=\"reaction-form\" method=\"post\" action=\"/comments/").Append(id).Append("/reaction\">")
            .Append(view.AntiforgeryField)
            .Append("<input type=\"hidden\" name=\"On\" value=\"").Append(mine ? "false" : "true").Append("\">")
            .Append("<input type=\"hidden\" name=\"ReturnUrl\" value=\"");
        CommentThreadWriter.Attribute(html, view.PagePath);
        html.Append("\"><button type=\"submit\" class=\"reaction-button link-button\" aria-pressed=\"").Append(mine ? "true" : "false")
            .Append("\" aria-label=\"").Append(L["공감 {0}: 댓글 #{1}", count, id]).Append("\">").Append(L["공감 {0}", count])
            .Append("</button></form>");
    }
}
