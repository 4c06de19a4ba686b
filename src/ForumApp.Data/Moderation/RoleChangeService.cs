using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Moderation;
using ForumApp.Data.Accounts;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Data.Moderation;

/// <summary>
/// Gives an account exactly one forum role (commenter, author, moderator or admin) and records the change in the audit log
/// with the roles before and after. Scoped: Identity's stores are.
/// </summary>
public sealed class RoleChangeService(UserManager<ForumUser> users, RoleManager<IdentityRole> roles, ForumDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The admin page's and the API's way in: the actor must be an admin now (<see cref="RoleCheck"/>, read from the
    /// database), the last admin keeps the role, then the same change as the command line's (<see cref="SetRoleAsync"/>:
    /// audited, credentials refreshed).
    /// </summary>
    public async Task<SimpleOutcome> SetRoleByAdminAsync(string adminUserId, string userName, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (string.IsNullOrEmpty(adminUserId) || !await RoleCheck.IsAdminAsync(db, adminUserId, cancellationToken))
        {
            return RoleCheck.NotAdmin;
        }

        if (!ForumRoles.IsKnown(role))
        {
            return SimpleOutcome.Refuse(OutcomeKind.Invalid, $"알 수 없는 역할입니다: {role} ({ForumRoles.Names} 중 하나)", ProblemTypes.InvalidRequest);
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return SimpleOutcome.Refuse(OutcomeKind.NotFound, $"계정이 없습니다: {userName}");
        }

        if (!role.Equals(ForumRoles.Admin, StringComparison.OrdinalIgnoreCase) && await users.IsInRoleAsync(user, ForumRoles.Admin)
            && (await users.GetUsersInRoleAsync(ForumRoles.Admin)).Count <= 1)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Conflict, "마지막 관리자의 역할은 바꿀 수 없습니다. 다른 관리자를 먼저 정하세요.", ProblemTypes.RoleRefused);
        }

        return await SetRoleAsync(adminUserId, user.UserName!, role, cancellationToken) is { } problem
            ? SimpleOutcome.Refuse(OutcomeKind.Invalid, problem, ProblemTypes.InvalidRequest)
            : SimpleOutcome.Ok();
    }

    /// <summary>Sets <paramref name="userName"/>'s role; returns the Korean reason when refused, or null.</summary>
    /// <param name="actor">Who changes it: a user id, or "cli" for the command line.</param>
    /// <param name="userName">The account's login name.</param>
    /// <param name="role">commenter, author, moderator or admin.</param>
    /// <param name="cancellationToken">Cancels before the audit entry is written.</param>
    public async Task<string?> SetRoleAsync(string actor, string userName, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(userName);
        if (!ForumRoles.IsKnown(role))
        {
            return $"알 수 없는 역할입니다: {role} ({ForumRoles.Names} 중 하나)";
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return $"계정이 없습니다: {userName}";
        }

        var target = role.ToLowerInvariant();
        foreach (var name in ForumRoles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new IdentityRole(name));
            }
        }

        var before = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        if (before.Count == 1 && before[0] == target)
        {
            return null;
        }

        var removed = await users.RemoveFromRolesAsync(user, before.Where(r => r != target));
        var added = before.Contains(target) ? IdentityResult.Success : await users.AddToRoleAsync(user, target);
        if (!removed.Succeeded || !added.Succeeded)
        {
            return string.Join(" ", removed.Errors.Concat(added.Errors).Select(e => e.Description));
        }

        // Sign-in cookies carry roles: a new security stamp makes them re-validate.
        await users.UpdateSecurityStampAsync(user);
        db.AuditLog.Add(AuditEntry.Create(clock.GetUtcNow().UtcDateTime, actor, AuditActions.RoleChange, AuditTargets.User(user.Id),
            before: new { user = user.UserName, roles = before }, after: new { user = user.UserName, roles = new[] { target } }));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
