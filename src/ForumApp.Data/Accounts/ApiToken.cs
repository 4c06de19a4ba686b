namespace ForumApp.Data.Accounts;

/// <summary>
/// A personal API token (<c>Authorization: Bearer …</c>). Only the SHA-256 of the token is stored;
/// the token itself is shown once, when it is made.
/// </summary>
public class ApiToken
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>What the owner calls it ("cli", "script").</summary>
    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the token's UTF-8 bytes.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, to recognise it in a list.</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    /// <summary>Set when revoked; a revoked token never authenticates again.</summary>
    public DateTime? RevokedAt { get; set; }
}
