namespace ForumApp.Core;

/// <summary>
/// Short names of the refusals clients may tell apart; the API publishes each as the problem+json <c>type</c>
/// <c>https://forumapp.dev/problems/{name}</c>.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The comment's text or target broke a rule.</summary>
    public const string InvalidComment = "invalid-comment";
    /// <summary>The same text from the same author within 24 hours.</summary>
    public const string DuplicateComment = "duplicate-comment";
    /// <summary>Close to a visible comment; post again with the acknowledgement.</summary>
    public const string NearDuplicateComment = "near-duplicate-comment";
    /// <summary>The comment was deleted or merged and cannot change.</summary>
    public const string NotEditable = "not-editable";
    /// <summary>Only moderators and admins may do this.</summary>
    public const string ModeratorsOnly = "moderators-only";
    /// <summary>Only admins may do this (change roles).</summary>
    public const string AdminsOnly = "admins-only";
    /// <summary>The role cannot change that way (the last admin).</summary>
    public const string RoleRefused = "role-refused";
    /// <summary>Someone changed the same comments first.</summary>
    public const string MergeConflict = "merge-conflict";
    /// <summary>The comments' state does not allow it (already merged, undone, dismissed).</summary>
    public const string ModerationRefused = "moderation-refused";
    /// <summary>Too soon after the last post.</summary>
    public const string RateLimited = "rate-limited";
    /// <summary>A cookie-authenticated write without its antiforgery token.</summary>
    public const string Antiforgery = "antiforgery";
    /// <summary>A body that is not JSON the endpoint can read.</summary>
    public const string UnreadableJson = "unreadable-json";
    /// <summary>A request that is wrong as it stands (ids, lengths, page numbers).</summary>
    public const string InvalidRequest = "invalid-request";
    /// <summary>The essay's title, text or tags broke a rule.</summary>
    public const string InvalidEssay = "invalid-essay";
    /// <summary>The essay duplicates or contains a published one; publish again with the acknowledgement.</summary>
    public const string DuplicateEssay = "duplicate-essay";
    /// <summary>Only authors (or everyone, when the forum allows it) may write essays.</summary>
    public const string AuthorsOnly = "authors-only";
    /// <summary>The essay's state does not allow it (already published, unpublished by a moderator).</summary>
    public const string EssayState = "essay-state";
    /// <summary>A search query that is empty, too long or has no letter or digit.</summary>
    public const string InvalidSearch = "invalid-search";
}
