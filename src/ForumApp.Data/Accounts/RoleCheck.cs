using ForumApp.Core;
using ForumApp.Core.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Accounts;

/// <summary>
/// The one answer to "may this account moderate?", read from the database every time: a role change takes effect at
/// once for every credential (cookie, token, open circuit), and no service trusts a role claim for an action. The
/// pages, the API's authorization policy, the services and the background jobs all ask here.
/// </summary>
public sealed class RoleCheck(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>The refusal every moderator-only action gives.</summary>
    public static SimpleOutcome NotModerator { get; } =
        SimpleOutcome.Refuse(OutcomeKind.Forbidden, "운영자만 할 수 있는 일입니다.", ProblemTypes.ModeratorsOnly);

    /// <summary>True when <paramref name="userId"/> is an account holding the moderator or admin role.</summary>
    public async Task<bool> IsModeratorAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IsModeratorAsync(db, userId, cancellationToken);
    }

    /// <summary>The same check inside a unit of work that already has a context.</summary>
    public static Task<bool> IsModeratorAsync(ForumDbContext db, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return HasAnyRoleAsync(db, userId, ForumRoles.Moderating, cancellationToken);
    }

    /// <summary>The refusal every admin-only action gives.</summary>
    public static SimpleOutcome NotAdmin { get; } =
        SimpleOutcome.Refuse(OutcomeKind.Forbidden, "관리자만 할 수 있는 일입니다.", ProblemTypes.AdminsOnly);

    /// <summary>True when <paramref name="userId"/> is an account holding the admin role (read from the database now).</summary>
    public async Task<bool> IsAdminAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IsAdminAsync(db, userId, cancellationToken);
    }

    /// <summary>The admin check inside a unit of work that already has a context.</summary>
    public static Task<bool> IsAdminAsync(ForumDbContext db, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return HasAnyRoleAsync(db, userId, [ForumRoles.Admin], cancellationToken);
    }

    /// <summary>The account's roles as stored now (empty for an unknown account).</summary>
    public async Task<IReadOnlyList<string>> RolesOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where ur.UserId == userId
                      select r.Name!).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// What a sign-in cookie is compared with on every request (two small queries): the account's security stamp, display
    /// name and roles as stored now, or null when the account no longer exists.
    /// </summary>
    public async Task<AccountState?> CurrentStateAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == userId
                           select r.Name!).ToListAsync(cancellationToken);
        return new AccountState(user.SecurityStamp ?? "", user.DisplayName, [.. roles.Order(StringComparer.Ordinal)]);
    }

    private static Task<bool> HasAnyRoleAsync(ForumDbContext db, string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId && roles.Contains(r.Name!)
         select ur).AnyAsync(cancellationToken);
}

/// <summary>An account as stored now: what its sign-in cookie must agree with.</summary>
/// <param name="SecurityStamp">Identity's security stamp (a new one is written when roles change).</param>
/// <param name="DisplayName">The name shown in the header and on comments.</param>
/// <param name="Roles">Role names, in ordinal order.</param>
public sealed record AccountState(string SecurityStamp, string DisplayName, IReadOnlyList<string> Roles);
