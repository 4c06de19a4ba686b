using ForumApp.Core.Accounts;
using ForumApp.Core.Changes;
using ForumApp.Core.Essays;
using ForumApp.Core.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Accounts;

/// <summary>The outcome of an account change: the account, or the reasons it was refused (Korean, for the UI and the CLI).</summary>
public sealed record AccountResult(ForumUser? User, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null && Errors.Count == 0;

    internal static AccountResult Fail(params string[] errors) => new(null, errors);

    internal static AccountResult Fail(IdentityResult result) => new(null, [.. result.Errors.Select(e => e.Description)]);
}

/// <summary>
/// Makes and changes accounts for the register page and the <c>users</c> command. Every account gets an
/// <see cref="Author"/> row (linked by user id) so its comments have a name. Scoped: Identity's stores are.
/// </summary>
public sealed class AccountService(
    UserManager<ForumUser> users,
    RoleManager<IdentityRole> roles,
    ForumDbContext db,
    TimeProvider clock)
{
    /// <summary>The longest display name, in characters.</summary>
    public const int MaxDisplayNameLength = 50;

    /// <summary>The longest login name, in characters.</summary>
    public const int MaxUserNameLength = 50;

    /// <summary>The shortest password (Identity's options say the same; see AddForumData).</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The longest password: longer ones only cost hashing time.</summary>
    public const int MaxPasswordLength = 200;

    /// <summary>Creates an account in <paramref name="role"/> with its author row. The display name defaults to the user name.</summary>
    public async Task<AccountResult> CreateAsync(
        string userName,
        string password,
        string? displayName,
        string role = ForumRoles.Commenter,
        string? email = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (!ForumRoles.IsKnown(role))
        {
            return AccountResult.Fail($"알 수 없는 역할입니다: {role} ({ForumRoles.Names} 중 하나)");
        }

        // The register page and `users add` both come here: one set of rules for names and passwords.
        if (userName.Trim().Length is 0 or > MaxUserNameLength)
        {
            return AccountResult.Fail($"아이디는 1자 이상 {MaxUserNameLength}자 이하로 정해 주세요.");
        }

        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return AccountResult.Fail($"비밀번호는 {MinPasswordLength}자 이상 {MaxPasswordLength}자 이하로 정해 주세요.");
        }

        var name = NormalizeDisplayName(string.IsNullOrWhiteSpace(displayName) ? userName : displayName);
        if (DisplayNameProblem(name) is { } problem)
        {
            return AccountResult.Fail(problem);
        }

        await EnsureRolesAsync();
        var user = new ForumUser
        {
            UserName = userName.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            DisplayName = name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return AccountResult.Fail(created);
        }

        var inRole = await users.AddToRoleAsync(user, role.ToLowerInvariant());
        if (!inRole.Succeeded)
        {
            await users.DeleteAsync(user);
            return AccountResult.Fail(inRole);
        }

        db.Authors.Add(new Author { DisplayName = name, UserId = user.Id });
        await db.SaveChangesAsync(cancellationToken);
        return new AccountResult(user, []);
    }

    /// <summary>Changes the name shown on the account's comments, on the account and its author row.</summary>
    public async Task<AccountResult> SetDisplayNameAsync(string userId, string displayName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var name = NormalizeDisplayName(displayName);
        if (DisplayNameProblem(name) is { } problem)
        {
            return AccountResult.Fail(problem);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return AccountResult.Fail("계정을 찾을 수 없습니다.");
        }

        user.DisplayName = name;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return AccountResult.Fail(updated);
        }

        var author = await db.Authors.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (author is null)
        {
            author = new Author { DisplayName = name, UserId = userId };
            db.Authors.Add(author);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            author.DisplayName = name;
        }

        // Every page that shows the old name is stale: the caches hear it from the change feed.
        db.RecordChange(ForumChange.AuthorRenamed(author.Id), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return new AccountResult(user, []);
    }

    /// <summary>Makes sure the commenter, moderator and admin roles exist.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in ForumRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>NFC and trimmed.</summary>
    public static string NormalizeDisplayName(string displayName) =>
        TextNormalizer.ToStoredForm(displayName ?? "").Trim();

    /// <summary>Why a display name is not acceptable, or null.</summary>
    public static string? DisplayNameProblem(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "표시 이름을 입력해 주세요.";
        }

        if (name.Length > MaxDisplayNameLength)
        {
            return $"표시 이름은 {MaxDisplayNameLength}자를 넘을 수 없습니다.";
        }

        return name.Any(c => char.IsControl(c) || char.IsSurrogate(c) && !char.IsSurrogatePair(name, name.IndexOf(c, StringComparison.Ordinal)))
            ? "표시 이름에 쓸 수 없는 문자가 들어 있습니다."
            : null;
    }
}
