using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ForumApp.Data.Accounts;

/// <summary>Claims the forum adds to a signed-in principal (cookie or token) besides Identity's id, name and roles.</summary>
public static class ForumClaims
{
    /// <summary>The display name shown on comments.</summary>
    public const string DisplayName = "forum:display_name";

    /// <summary>When the account was made (round-trip ISO 8601, UTC): young accounts post less often.</summary>
    public const string AccountCreatedAt = "forum:account_created";

    /// <summary>The account's creation time from the principal; the Unix epoch when missing (counts as an old account).</summary>
    public static DateTime AccountCreated(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return DateTime.TryParse(principal.FindFirstValue(AccountCreatedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : DateTime.UnixEpoch;
    }

    /// <summary>The claims above for <paramref name="user"/>.</summary>
    public static IEnumerable<Claim> For(ForumUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        yield return new Claim(DisplayName, user.DisplayName);
        yield return new Claim(AccountCreatedAt, user.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
    }
}

/// <summary>Identity's principal (id, name, roles) plus <see cref="ForumClaims"/>, for the sign-in cookie.</summary>
public sealed class ForumUserClaimsPrincipalFactory(
    UserManager<ForumUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ForumUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ForumUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaims(ForumClaims.For(user));
        return identity;
    }
}
