using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.People;

/// <summary>A published essay on a profile.</summary>
public sealed record ProfileEssay(int Id, string Slug, string Title, DateTime PublishedAt, int CommentCount);

/// <summary>A visible comment on a profile.</summary>
/// <param name="Id">The comment (permalink <c>/comments/{id}</c>).</param>
/// <param name="EssayId">Its essay.</param>
/// <param name="EssayTitle">Its essay's title.</param>
/// <param name="Excerpt">The start of its text.</param>
/// <param name="CreatedAt">When (UTC).</param>
/// <param name="Stance">Its stance, if any.</param>
public sealed record ProfileComment(int Id, int EssayId, string EssayTitle, string Excerpt, DateTime CreatedAt, CommentStance? Stance);

/// <summary>A person's public page: who they are and what they wrote that readers may see.</summary>
/// <param name="UserName">The account's user name (the address <c>/users/{name}</c>).</param>
/// <param name="DisplayName">The name shown on their writing.</param>
/// <param name="Role">Their highest role (commenter, author, moderator, admin).</param>
/// <param name="JoinedAt">When the account was made (UTC).</param>
/// <param name="Essays">Their published essays, newest first.</param>
/// <param name="Comments">A page of their visible comments on published essays, newest first.</param>
/// <param name="Stances">The stances of all those comments.</param>
public sealed record Profile(string UserName, string DisplayName, string Role, DateTime JoinedAt, IReadOnlyList<ProfileEssay> Essays, Paged<ProfileComment> Comments, StanceCounts Stances);

/// <summary>An account with a role above commenter, for the admins' role page.</summary>
public sealed record StaffMember(string UserName, string DisplayName, string Role, DateTime JoinedAt);

/// <summary>
/// Reads profiles: accounts by user name (NFC; Latin case ignored, as Identity compares them). Only what every reader
/// may see: published essays, visible comments of published essays. Imported authors without an account have no page.
/// </summary>
public sealed class ProfileQueries(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>Comments per page of a profile.</summary>
    public const int CommentPageSize = 20;

    /// <summary>The profile of <paramref name="userName"/>, or null when no account has that name.</summary>
    public async Task<Profile?> GetAsync(string userName, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var normalized = TextNormalizer.ToStoredForm(userName).Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync(cancellationToken);
        var role = ForumRoles.All.LastOrDefault(roles.Contains) ?? ForumRoles.Commenter;
        var authorId = await db.Authors.Where(a => a.UserId == user.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
        var essays = authorId is null ? [] : await db.Essays.AsNoTracking()
            .Where(e => e.AuthorId == authorId && e.Status == EssayStatus.Published)
            .OrderByDescending(e => e.PublishedAt).ThenByDescending(e => e.Id).Take(100)
            .Select(e => new ProfileEssay(e.Id, e.Slug, e.Title, e.PublishedAt, e.CommentCount))
            .ToListAsync(cancellationToken);
        var visible = db.Comments.AsNoTracking().Where(c => c.AuthorId == authorId && c.Status == CommentStatus.Visible
            && db.Essays.Any(e => e.Id == c.EssayId && e.Status == EssayStatus.Published));
        var total = await visible.CountAsync(cancellationToken);
        page = Math.Max(1, page);
        var rows = await visible.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * CommentPageSize).Take(CommentPageSize)
            .Select(c => new { c.Id, c.EssayId, Title = db.Essays.Where(e => e.Id == c.EssayId).Select(e => e.Title).First(), c.BodyMarkdown, c.CreatedAt, c.Stance })
            .ToListAsync(cancellationToken);
        var stances = await visible.Where(c => c.Stance != null).GroupBy(c => c.Stance).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var comments = rows.Select(r => new ProfileComment(r.Id, r.EssayId, r.Title, Excerpt(r.BodyMarkdown), r.CreatedAt, r.Stance)).ToList();
        return new Profile(user.UserName!, string.IsNullOrEmpty(user.DisplayName) ? user.UserName! : user.DisplayName, role, user.CreatedAt, essays,
            new Paged<ProfileComment>(comments, page, CommentPageSize, total),
            StanceCounts.Count(stances.SelectMany(s => Enumerable.Repeat(s.Key, s.Count))));
    }

    /// <summary>Every account holding more than the commenter role (authors, moderators, admins), by role then name.</summary>
    public async Task<IReadOnlyList<StaffMember>> StaffAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          join u in db.Users on ur.UserId equals u.Id
                          where r.Name != ForumRoles.Commenter
                          select new { u.UserName, u.DisplayName, Role = r.Name!, u.CreatedAt }).ToListAsync(cancellationToken);
        return [.. rows
            .GroupBy(r => r.UserName!)
            .Select(g => new StaffMember(g.Key, string.IsNullOrEmpty(g.First().DisplayName) ? g.Key : g.First().DisplayName,
                ForumRoles.All.Last(g.Select(x => x.Role).Contains), g.First().CreatedAt))
            .OrderByDescending(m => ForumRoles.All.ToList().IndexOf(m.Role)).ThenBy(m => m.UserName, StringComparer.Ordinal)];
    }

    /// <summary>The start of a text on one line, at most <paramref name="length"/> characters (never splitting a surrogate pair).</summary>
    public static string Excerpt(string markdown, int length = 160)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = string.Join(' ', markdown.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= length)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
