using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Web.Localization;

namespace ForumApp.Web.Components.Pages.Moderation;

/// <summary>How the moderation pages name sources, statuses and the actors that are not accounts (Korean keys: show them through L).</summary>
internal static class ModerationLabels
{
    public static string Source(string source) => source switch
    {
        "post" => UiKeys.Of("등록 시 경고 무시"),
        "scan" => UiKeys.Of("일괄 검사"),
        _ => source,
    };

    public static string Status(CommentStatus status) => status switch
    {
        CommentStatus.Deleted => UiKeys.Of("삭제됨"),
        CommentStatus.Merged => UiKeys.Of("합쳐짐"),
        _ => UiKeys.Of("보임"),
    };

    public static string Actor(string actor) => actor switch
    {
        AuditActors.Import => UiKeys.Of("가져오기"),
        AuditActors.System => UiKeys.Of("자동 검사"),
        AuditActors.Cli => UiKeys.Of("명령줄"),
        _ => actor,
    };
}
