using System.Security.Claims;
using ForumApp.Core.Accounts;
using ForumApp.Data.Comments;

namespace ForumApp.Web.Auth;

/// <summary>Names of the authentication schemes and authorization policies, and helpers to read the signed-in user.</summary>
public static class ForumAuth
{
    /// <summary>The default scheme: forwards to <see cref="TokenScheme"/> when an <c>Authorization: Bearer</c> header is present, else to Identity's cookie.</summary>
    public const string Scheme = "Forum";

    /// <summary>Personal API tokens (<c>Authorization: Bearer fa_…</c>).</summary>
    public const string TokenScheme = "ApiToken";

    /// <summary>Any account that may write comments (commenter, author, moderator, admin).</summary>
    public const string CommenterPolicy = "commenter";

    /// <summary>Moderators and admins, as the database says now (<see cref="ModeratorRequirement"/>).</summary>
    public const string ModeratorPolicy = "moderator";

    /// <summary>Admins only, as the database says now (<see cref="AdminRequirement"/>): the role page.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>The account id, or null for a reader.</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>True when the account holds any forum role (every registered account does).</summary>
    public static bool CanComment(this ClaimsPrincipal user) =>
        user is not null && ForumRoles.All.Any(user.IsInRole);

    /// <summary>The actor for the comment services, or null for a reader (what it may do is read from the database).</summary>
    public static CommentActor? ToActor(this ClaimsPrincipal user) =>
        user.UserId() is { } id ? new CommentActor(id) : null;

    /// <summary>True when the request was authenticated by an API token rather than the site cookie.</summary>
    public static bool IsTokenAuthenticated(this ClaimsPrincipal user) =>
        user?.Identity is { IsAuthenticated: true, AuthenticationType: TokenScheme };
}
