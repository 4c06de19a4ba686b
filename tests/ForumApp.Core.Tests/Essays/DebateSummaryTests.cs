using ForumApp.Core.Comments;
using ForumApp.Core.Essays;

namespace ForumApp.Core.Tests.Essays;

public sealed class DebateSummaryTests
{
    private static Comment C(int id, int? parent, int? paragraph = null, CommentStance? stance = null, CommentStatus status = CommentStatus.Visible) => new()
    {
        Id = id, ParentId = parent, ParagraphId = paragraph, Stance = stance, Status = status, BodyMarkdown = $"댓글 {id}", BodyHtml = "",
        CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(id),
    };

    private static readonly Comment[] s_comments =
    [
        C(1, null, 2, CommentStance.Disagree),
        C(2, 1, 2, CommentStance.Agree),
        C(3, 2, 2),
        C(4, null, 1, CommentStance.Question),
        C(5, null, null, CommentStance.Disagree, CommentStatus.Deleted),
        C(6, 4, 1, CommentStance.Disagree),
    ];

    private static readonly EssayParagraph[] s_paragraphs =
    [
        new() { ParagraphId = 1, Position = 0, Markdown = "# 첫 문단", Html = "" },
        new() { ParagraphId = 2, Position = 1, Markdown = "둘째 문단", Html = "" },
        new() { ParagraphId = 5, Position = 2, Markdown = "셋째 문단", Html = "" },
    ];

    [Fact]
    public void Counts_visible_replies_per_stance_and_per_paragraph_and_names_the_busiest()
    {
        var forest = CommentTree.Build(s_comments, _ => "이름");

        var summary = DebateSummary.Build(s_comments, forest, s_paragraphs);

        Assert.Equal(new StanceCounts(1, 2, 1, 0), summary.Stances);
        Assert.Equal([(1, 1, 2), (2, 2, 3), (5, 3, 0)], summary.Paragraphs.Select(p => (p.ParagraphId, p.Number, p.ReplyCount)));
        Assert.Equal([2, 1], summary.MostDiscussed.Select(p => p.ParagraphId));
        Assert.Equal("첫 문단", summary.Paragraphs[0].Excerpt);
        Assert.Equal([1, 4], summary.BusiestThreads.Select(t => t.Comment.Id));
    }

    [Fact]
    public void A_filter_keeps_the_topmost_matching_replies_with_their_own_replies_from_depth_zero()
    {
        var forest = CommentTree.Build(s_comments, _ => "이름");

        var disagree = DebateSummary.Filter(forest, c => c.Stance == CommentStance.Disagree);

        Assert.Equal([1, 6], disagree.Select(n => n.Comment.Id));
        Assert.All(disagree, n => Assert.Equal(0, n.Depth));
        Assert.Equal(1, disagree[0].Children[0].Depth);
        Assert.Equal(2, disagree[0].DescendantCount);
    }
}
