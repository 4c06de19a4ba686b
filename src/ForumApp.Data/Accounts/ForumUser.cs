using Microsoft.AspNetCore.Identity;

namespace ForumApp.Data.Accounts;

/// <summary>An account (ASP.NET Core Identity). Its public face is the <see cref="Core.Essays.Author"/> row linked by user id.</summary>
public class ForumUser : IdentityUser
{
    /// <summary>The name shown on comments, NFC; copied to the linked author.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>When the account was made: young accounts get stricter rate limits.</summary>
    public DateTime CreatedAt { get; set; }
}
