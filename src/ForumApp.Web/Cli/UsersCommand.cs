using System.CommandLine;
using ForumApp.Core.Accounts;
using ForumApp.Data;
using ForumApp.Data.Accounts;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Web.Cli;

/// <summary>
/// <c>users add NAME --role ROLE [--display-name N] [--token]</c> (the password is read from stdin) and
/// <c>users revoke-token NAME | --id N</c> and <c>users role NAME ROLE</c>. A new token is printed alone on the last line of stdout.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(string[] configArgs, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var users = new Command("users", "Manages accounts: add, revoke-token, role.");
        users.Subcommands.Add(Add(configArgs, stdout, stderr, stdin));
        users.Subcommands.Add(RevokeToken(configArgs, stdout, stderr));
        users.Subcommands.Add(Role(configArgs, stdout, stderr));
        return users;
    }

    /// <summary><c>users role NAME ROLE</c>: gives the account exactly that role; recorded in the audit log (actor "cli").</summary>
    private static Command Role(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("NAME") { Description = "The login name." };
        var role = new Argument<string>("ROLE") { Description = "commenter, author, moderator or admin." };
        var command = new Command("role", "Changes an account's role (recorded in the audit log).") { name, role };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = ForumCli.BuildHost(configArgs);
            await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            using var scope = host.Services.CreateScope();
            var roles = scope.ServiceProvider.GetRequiredService<ForumApp.Data.Moderation.RoleChangeService>();
            var userName = parse.GetValue(name)!;
            var newRole = parse.GetValue(role)!;
            if (await roles.SetRoleAsync("cli", userName, newRole, cancellationToken) is { } problem)
            {
                await stderr.WriteLineAsync($"users role: {problem}");
                return 1;
            }

            await stdout.WriteLineAsync($"{userName} is now {newRole.ToLowerInvariant()}");
            return 0;
        });
        return command;
    }

    private static Command Add(string[] configArgs, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var name = new Argument<string>("NAME") { Description = "The login name (letters, digits, - . _ @ +)." };
        var role = new Option<string>("--role") { Description = "commenter, author, moderator or admin.", DefaultValueFactory = _ => ForumRoles.Commenter };
        var displayName = new Option<string?>("--display-name") { Description = "The name shown on comments (default: NAME)." };
        var token = new Option<bool>("--token") { Description = "Also make a personal API token and print it alone on the last line." };
        var command = new Command("add", "Makes an account; the password is read from the first line of stdin.") { name, role, displayName, token };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var password = (await stdin.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password))
            {
                await stderr.WriteLineAsync("users add: give the password on stdin, e.g. echo 'password' | … users add NAME --role commenter");
                return 2;
            }

            using var host = ForumCli.BuildHost(configArgs);
            await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            using var scope = host.Services.CreateScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var result = await accounts.CreateAsync(
                parse.GetValue(name)!, password, parse.GetValue(displayName), parse.GetValue(role)!, cancellationToken: cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    await stderr.WriteLineAsync($"users add: {error}");
                }

                return 1;
            }

            await stdout.WriteLineAsync($"made account {result.User!.UserName} ({parse.GetValue(role)}), id {result.User.Id}");
            if (parse.GetValue(token))
            {
                var created = await host.Services.GetRequiredService<ApiTokenService>().CreateAsync(result.User.Id, "cli", cancellationToken);
                await stdout.WriteLineAsync($"token id {created.Id} (shown once; revoke with: users revoke-token --id {created.Id}):");
                await stdout.WriteLineAsync(created.Token);
            }

            return 0;
        });
        return command;
    }

    private static Command RevokeToken(string[] configArgs, TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string?>("NAME") { Description = "Revoke every token of this account.", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<int?>("--id") { Description = "Revoke only the token with this id." };
        var command = new Command("revoke-token", "Revokes personal API tokens: all of an account's, or one by id.") { name, id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var userName = parse.GetValue(name);
            var tokenId = parse.GetValue(id);
            if (userName is null == tokenId is null)
            {
                await stderr.WriteLineAsync("users revoke-token: give either NAME or --id N.");
                return 2;
            }

            using var host = ForumCli.BuildHost(configArgs);
            await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var tokens = host.Services.GetRequiredService<ApiTokenService>();
            if (tokenId is int tid)
            {
                if (!await tokens.RevokeAsync(tid, cancellationToken))
                {
                    await stderr.WriteLineAsync($"users revoke-token: no live token with id {tid}.");
                    return 1;
                }

                await stdout.WriteLineAsync($"revoked token {tid}");
                return 0;
            }

            using var scope = host.Services.CreateScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>().FindByNameAsync(userName!);
            if (user is null)
            {
                await stderr.WriteLineAsync($"users revoke-token: no account named {userName}.");
                return 1;
            }

            var count = await tokens.RevokeAllAsync(user.Id, cancellationToken);
            await stdout.WriteLineAsync($"revoked {count} token(s) of {user.UserName}");
            return 0;
        });
        return command;
    }
}
