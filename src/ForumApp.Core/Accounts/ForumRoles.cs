namespace ForumApp.Core.Accounts;

/// <summary>
/// The roles an account can hold. Readers are anonymous and hold none; every registered account is a commenter.
/// Authors also publish essays; moderators and admins may also comment and publish, and may delete any comment.
/// </summary>
public static class ForumRoles
{
    /// <summary>Writes comments; edits and deletes their own.</summary>
    public const string Commenter = "commenter";

    /// <summary>Also writes, revises and publishes their own essays.</summary>
    public const string Author = "author";

    /// <summary>Also deletes any comment, works the duplicate queue and unpublishes essays.</summary>
    public const string Moderator = "moderator";

    /// <summary>Everything a moderator does, plus managing accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in increasing order of power.</summary>
    public static IReadOnlyList<string> All { get; } = [Commenter, Author, Moderator, Admin];

    /// <summary>Roles that may delete anyone's comment.</summary>
    public static IReadOnlyList<string> Moderating { get; } = [Moderator, Admin];

    /// <summary>Roles that may publish essays (a setting may open publishing to every commenter).</summary>
    public static IReadOnlyList<string> Publishing { get; } = [Author, Moderator, Admin];

    /// <summary>"commenter, author, moderator, admin": the list messages name.</summary>
    public static string Names => string.Join(", ", All);

    /// <summary>True when <paramref name="role"/> names a known role (case-insensitive).</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.OrdinalIgnoreCase);
}
