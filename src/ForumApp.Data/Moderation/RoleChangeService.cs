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
