using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Accounts;

/// <summary>A token as made: <see cref="Token"/> is shown once and never stored.</summary>
public sealed record CreatedApiToken(int Id, string Token);

/// <summary>Who a valid token speaks for.</summary>
public sealed record ApiTokenUser(int TokenId, string UserId, string UserName, string DisplayName, DateTime CreatedAt, IReadOnlyList<string> Roles);

/// <summary>A token in the owner's list (never the token itself).</summary>
public sealed record ApiTokenSummary(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Personal API tokens: made by the CLI (<c>users add --token</c>), checked by the Bearer scheme, revocable.</summary>
public sealed class ApiTokenService(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Every token starts with this, so leaked ones are easy to recognise.</summary>
    public const string TokenPrefix = "fa_";

    /// <summary>Makes a new token for <paramref name="userId"/>.</summary>
    public async Task<CreatedApiToken> CreateAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = new ApiToken
        {
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim(),
            TokenHash = Hash(token),
            Prefix = token[..10],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(row.Id, token);
    }

    // One read: the token, its account and the account's roles as stored now (never cached: a revoked token or a changed
    // role takes effect on the next request). Compiled once: every API request runs it (docs/performance.md).
    private static readonly Queries.CompiledPerModel<Func<ForumDbContext, string, CancellationToken, Task<TokenRow?>>> FindToken = new(() => EF.CompileAsyncQuery(
        (ForumDbContext db, string hash, CancellationToken _) => db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new TokenRow(
                t.Id,
                u.Id,
                u.UserName,
                u.DisplayName,
                u.CreatedAt,
                t.LastUsedAt,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList()))
            .FirstOrDefault()));

    private sealed record TokenRow(int TokenId, string UserId, string? UserName, string DisplayName, DateTime CreatedAt, DateTime? LastUsedAt, List<string> Roles);

    /// <summary>The account a token speaks for, or null when it is unknown or revoked.</summary>
    public async Task<ApiTokenUser?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindToken.For(db)(db, hash, cancellationToken);
        if (found is null)
        {
            return null;
        }

        var roles = found.Roles;

        // Record use at most once an hour: a write per request would cost more than it tells.
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromHours(1))
        {
            await db.ApiTokens.Where(t => t.Id == found.TokenId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new ApiTokenUser(found.TokenId, found.UserId, found.UserName ?? "", found.DisplayName, found.CreatedAt, roles);
    }

    /// <summary>Revokes one token; false when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(int tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiTokens.Where(t => t.Id == tokenId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>Revokes every live token of an account; returns how many.</summary>
    public async Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    /// <summary>The account's tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenSummary(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lowercase hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
