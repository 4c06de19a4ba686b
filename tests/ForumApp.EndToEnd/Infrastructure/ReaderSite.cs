using ForumApp.Core.Comments;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>A reply thread added under a seed comment, so there is a subtree to collapse.</summary>
/// <param name="EssayPath">The essay page, e.g. "/essays/1/ai-민주화" (slug escaped as the app links it).</param>
/// <param name="ParentId">The seed comment the thread answers.</param>
/// <param name="ReplyIds">The replies, outermost first (each answers the one before).</param>
/// <param name="ReplyTexts">Their text, in the same order.</param>
public sealed record ReplyThread(string EssayPath, int ParentId, IReadOnlyList<int> ReplyIds, IReadOnlyList<string> ReplyTexts);

/// <summary>The site for readers: the seed essay with a reply thread posted under its first comment (the seed has no replies).</summary>
public sealed class ReaderSite : ForumSite
{
    /// <summary>The reply thread added before any page opens.</summary>
    public ReplyThread Thread { get; private set; } = null!;

    /// <summary>Two nested replies under the first seed comment, posted through the comment service by one account.</summary>
    protected override async Task ArrangeAsync()
    {
        int parentId;
        await using (var db = await CreateDbContextAsync())
        {
            parentId = await db.Comments.AsNoTracking()
                .Where(c => c.EssayId == EssayId && c.ParentId == null && c.Status == CommentStatus.Visible)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Select(c => c.Id)
                .FirstAsync();
        }

        string[] texts =
        [
            "좋은 지적입니다. 접근성과 비용 문제는 따로 떼어 볼 수 없겠네요.",
            "동의합니다. 오픈 모델이 늘어나면 그 격차도 줄어들 거라고 봅니다.",
        ];
        var replier = await Data.UserAsync("e2e-replier", displayName: "답글 쓴 사람");
        var ids = new List<int>();
        int? under = parentId;
        foreach (var text in texts)
        {
            var reply = await Data.CommentAsync(replier.Id, EssayId, text, under);
            ids.Add(reply.Id);
            under = reply.Id;
        }

        Thread = new ReplyThread(EssayPath, parentId, ids, texts);
    }
}
