using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Data.Accounts;
using ForumApp.Data.Moderation;
using ForumApp.Data.People;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Data.Tests.People;

/// <summary>The admins' way to change roles (the role page and the API), and the profile and staff reads.</summary>
public abstract class RoleChangeTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<SimpleOutcome> SetAsync(string actor, string userName, string role)
    {
        using var scope = _db.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RoleChangeService>().SetRoleByAdminAsync(actor, userName, role);
    }

    [Fact]
    public async Task Only_admins_change_roles_and_the_last_admin_keeps_the_role()
    {
        var admin = await _db.Data.UserAsync("admin", ForumRoles.Admin);
        var mod = await _db.Data.UserAsync("mod", ForumRoles.Moderator);
        await _db.Data.UserAsync("someone");

        Assert.Equal(OutcomeKind.Forbidden, (await SetAsync(mod.Id, "someone", ForumRoles.Author)).Kind);
        Assert.Equal(OutcomeKind.Conflict, (await SetAsync(admin.Id, "admin", ForumRoles.Commenter)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await SetAsync(admin.Id, "nobody", ForumRoles.Author)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await SetAsync(admin.Id, "someone", "king")).Kind);
        Assert.True((await SetAsync(admin.Id, "someone", ForumRoles.Author)).Succeeded);

        Assert.Equal([ForumRoles.Author], await _db.Get<RoleCheck>().RolesOfAsync((await _db.Data.EnsureUserAsync("someone")).Id));
        var staff = await _db.Get<ProfileQueries>().StaffAsync();
        Assert.Equal([("admin", ForumRoles.Admin), ("mod", ForumRoles.Moderator), ("someone", ForumRoles.Author)], staff.Select(m => (m.UserName, m.Role)));
    }

    [Fact]
    public async Task A_profile_shows_only_what_readers_may_see()
    {
        var writer = await _db.Data.UserAsync("writer", ForumRoles.Author, "글쓴이");
        var mod = await _db.Data.UserAsync("mod", ForumRoles.Moderator);
        var shown = await _db.Data.WrittenEssayAsync(writer.Id, "보이는 글", ["문단"]);
        await _db.Data.WrittenEssayAsync(writer.Id, "초안", ["쓰는 중"], publish: false);
        var visible = await _db.Data.CommentAsync(writer.Id, shown.Id, "보이는 댓글");
        var deleted = await _db.Data.CommentAsync(writer.Id, shown.Id, "지운 댓글");
        await _db.Get<Comments.CommentService>().DeleteAsync(new Comments.CommentActor(writer.Id), deleted.Id);
        await _db.Data.CommentAsync(mod.Id, shown.Id, "남의 댓글");

        var profile = await _db.Get<ProfileQueries>().GetAsync("WRITER", 1);

        Assert.NotNull(profile);
        Assert.Equal(("writer", "글쓴이", ForumRoles.Author), (profile.UserName, profile.DisplayName, profile.Role));
        Assert.Equal(["보이는 글"], profile.Essays.Select(e => e.Title));
        Assert.Equal([visible.Id], profile.Comments.Items.Select(c => c.Id));
        Assert.Null(await _db.Get<ProfileQueries>().GetAsync("nobody", 1));
    }
}

public sealed class SqliteRoleChangeTests() : RoleChangeTests(DatabaseProvider.Sqlite);

public sealed class PostgresRoleChangeTests() : RoleChangeTests(DatabaseProvider.Postgres);
