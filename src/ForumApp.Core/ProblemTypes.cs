namespace ForumApp.Core;

/// <summary>
/// Short names of the refusals clients may tell apart; the API publishes each as the problem+json <c>type</c>
/// <c>https://forumapp.dev/problems/{name}</c>.
/// </summary>
public static class ProblemTypes
{
    public const string InvalidComment = "invalid-comment";
    public const string DuplicateComment = "duplicate-comment";
    public const string NearDuplicateComment = "near-duplicate-comment";
    public const string NotEditable = "not-editable";
    public const string ModeratorsOnly = "moderators-only";
    public const string MergeConflict = "merge-conflict";
    public const string ModerationRefused = "moderation-refused";
    public const string RateLimited = "rate-limited";
    public const string Antiforgery = "antiforgery";
    public const string UnreadableJson = "unreadable-json";
    public const string InvalidRequest = "invalid-request";
}
