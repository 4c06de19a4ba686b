using ForumApp.Core.Accounts;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ForumApp.Data.Tests.Commenting;

public abstract class AccountTests(DatabaseProvider provider)
{
    [Fact]
    public async Task A_new_account_has_its_role_and_an_author_row_and_renames_both()
    {
        await using var db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        var userId = await db.CreateUserAsync("minji", ForumRoles.Moderator);

        using (var scope = db.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AccountService>().SetDisplayNameAsync(userId, "민지");
            Assert.True(result.Succeeded);
        }

        await using var ctx = await db.ContextAsync();
        var author = await ctx.Authors.SingleAsync(a => a.UserId == userId);
        Assert.Equal("민지", author.DisplayName);
        var roles = await ctx.UserRoles.Where(r => r.UserId == userId).Join(ctx.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        Assert.Equal([ForumRoles.Moderator], roles);
    }

    [Fact]
    public async Task Unknown_roles_and_short_passwords_are_refused_in_Korean()
    {
        await using var db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        using var scope = db.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        var badRole = await accounts.CreateAsync("x1", "password-1234", null, "superuser");
        var shortPassword = await accounts.CreateAsync("x2", "short", null);

        Assert.False(badRole.Succeeded);
        Assert.Contains("역할", Assert.Single(badRole.Errors), StringComparison.Ordinal);
        Assert.Contains("비밀번호", Assert.Single(shortPassword.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_authenticate_and_stop_when_revoked()
    {
        await using var db = await TestDatabase.CreateAsync(provider, fakeClock: true);
        var userId = await db.CreateUserAsync("tokenuser");
        var tokens = db.Get<ApiTokenService>();

        var created = await tokens.CreateAsync(userId, "cli");
        var user = await tokens.AuthenticateAsync(created.Token);

        Assert.NotNull(user);
        Assert.Equal(userId, user.UserId);
        Assert.Equal([ForumRoles.Commenter], user.Roles);
        await using (var ctx = await db.ContextAsync())
        {
            var row = await ctx.ApiTokens.SingleAsync();
            Assert.NotEqual(created.Token, row.TokenHash);
            Assert.Equal(ApiTokenService.Hash(created.Token), row.TokenHash);
        }

        Assert.True(await tokens.RevokeAsync(created.Id));
        Assert.Null(await tokens.AuthenticateAsync(created.Token));
        Assert.Null(await tokens.AuthenticateAsync(created.Token + "x"));
    }
}

public sealed class SqliteAccountTests() : AccountTests(DatabaseProvider.Sqlite);

public sealed class PostgresAccountTests() : AccountTests(DatabaseProvider.Postgres);
