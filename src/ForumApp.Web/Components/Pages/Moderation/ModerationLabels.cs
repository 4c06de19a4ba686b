using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;

namespace ForumApp.Web.Components.Pages.Moderation;

/// <summary>How the moderation pages name sources, statuses and the actors that are not accounts.</summary>
internal static class ModerationLabels
{
    public static string Source(string source) => source switch
    {
        "post" => "등록 시 경고 무시",
        "scan" => "일괄 검사",
        _ => source,
    };

    public static string Status(CommentStatus status) => status switch
    {
        CommentStatus.Deleted => "삭제됨",
        CommentStatus.Merged => "합쳐짐",
        _ => "보임",
    };

    public static string Actor(string actor) => actor switch
    {
        AuditActors.Import => "가져오기",
        AuditActors.System => "자동 검사",
        AuditActors.Cli => "명령줄",
        _ => actor,
    };
}
