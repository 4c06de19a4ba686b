using ForumApp.Core;
using ForumApp.Core.Accounts;
using ForumApp.Core.Essays;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Essays;

/// <summary>Settings of essay writing (configuration section <c>Essays</c>).</summary>
/// <param name="AnyoneCanPublish">True lets every commenter write and publish essays, not only authors, moderators and admins.</param>
public sealed record EssayOptions(bool AnyoneCanPublish = false)
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Essays";
}

/// <summary>
/// Who may write and who may read an essay, read from the database every time: the one owner of these rules, asked by
/// <see cref="EssayService"/>, the pages and the API. Authors, moderators and admins publish (every commenter with
/// <see cref="EssayOptions.AnyoneCanPublish"/>); an author edits and publishes only their own essays; a draft or an
/// unpublished essay is seen only by its author and moderators.
/// </summary>
public sealed class EssayAccess(IDbContextFactory<ForumDbContext> dbFactory, EssayOptions options)
{
    /// <summary>The refusal every essay write gives an account that may not publish.</summary>
    public static SimpleOutcome NotAnAuthor { get; } = SimpleOutcome.Refuse(
        OutcomeKind.Forbidden,
        "에세이는 작성자 권한이 있는 계정만 쓸 수 있습니다. 운영진에게 작성자 권한을 요청해 주세요.",
        ProblemTypes.AuthorsOnly);

    /// <summary>True when <paramref name="userId"/> may write and publish essays.</summary>
    public async Task<bool> CanPublishAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CanPublishAsync(db, userId, cancellationToken);
    }

    /// <summary>The same check inside a unit of work.</summary>
    internal Task<bool> CanPublishAsync(ForumDbContext db, string userId, CancellationToken cancellationToken)
    {
        var roles = options.AnyoneCanPublish ? ForumRoles.All : ForumRoles.Publishing;
        return (from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where ur.UserId == userId && roles.Contains(r.Name!)
                select ur).AnyAsync(cancellationToken);
    }

    /// <summary>
    /// True when <paramref name="userId"/> (null for a reader) may read <paramref name="essay"/> (loaded with its
    /// author): anyone a published essay, only its author and moderators a draft or an unpublished one.
    /// </summary>
    public async Task<bool> CanReadAsync(Essay essay, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(essay);
        if (essay.Status == EssayStatus.Published)
        {
            return true;
        }

        return userId is not null && (IsOwn(essay, userId) || await ModeratorAsync(userId, cancellationToken));
    }

    /// <summary>True when <paramref name="userId"/> wrote <paramref name="essay"/> (loaded with its author).</summary>
    public static bool IsOwn(Essay essay, string? userId) =>
        essay?.Author?.UserId is { } owner && userId is not null && string.Equals(owner, userId, StringComparison.Ordinal);

    private async Task<bool> ModeratorAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RoleCheck.IsModeratorAsync(db, userId, cancellationToken);
    }
}
