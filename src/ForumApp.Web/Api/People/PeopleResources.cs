using ForumApp.Data.People;
using ForumApp.Web.Api.Essays;

namespace ForumApp.Web.Api.People;

/// <summary>A person's public profile.</summary>
/// <param name="UserName">Their user name (<c>/users/{userName}</c>).</param>
/// <param name="DisplayName">The name shown on their writing.</param>
/// <param name="Role">commenter, author, moderator or admin.</param>
/// <param name="JoinedAt">When the account was made (UTC).</param>
/// <param name="Essays">Their published essays, newest first.</param>
/// <param name="Comments">A page of their visible comments, newest first.</param>
/// <param name="CommentPage">This page of comments (1-based).</param>
/// <param name="CommentPageCount">How many pages of comments.</param>
/// <param name="CommentTotal">Their visible comments in all.</param>
/// <param name="StanceCounts">The stances of their visible comments.</param>
public sealed record ProfileResource(
    string UserName,
    string DisplayName,
    string Role,
    DateTime JoinedAt,
    IReadOnlyList<ProfileEssayResource> Essays,
    IReadOnlyList<ProfileCommentResource> Comments,
    int CommentPage,
    int CommentPageCount,
    int CommentTotal,
    StanceCountsResource StanceCounts)
{
    /// <summary>The resource of a profile.</summary>
    public static ProfileResource From(Profile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.UserName, p.DisplayName, p.Role, p.JoinedAt,
            [.. p.Essays.Select(e => new ProfileEssayResource(e.Id, e.Title, Core.Essays.EssayLinks.Path(e.Id, e.Slug), e.PublishedAt, e.CommentCount))],
            [.. p.Comments.Items.Select(c => new ProfileCommentResource(c.Id, c.EssayId, c.EssayTitle, $"/comments/{c.Id}", c.Excerpt, c.CreatedAt,
                c.Stance is Core.Comments.CommentStance s ? Core.Comments.CommentStances.Name(s) : null))],
            p.Comments.Page, p.Comments.PageCount, p.Comments.TotalCount, StanceCountsResource.From(p.Stances));
    }
}

/// <summary>An essay on a profile.</summary>
public sealed record ProfileEssayResource(int Id, string Title, string Link, DateTime PublishedAt, int CommentCount);

/// <summary>A comment on a profile.</summary>
public sealed record ProfileCommentResource(int Id, int EssayId, string EssayTitle, string Link, string Excerpt, DateTime CreatedAt, string? Stance);

/// <summary>A role to give.</summary>
/// <param name="Role">commenter, author, moderator or admin.</param>
public sealed record SetRoleRequest(string? Role);
