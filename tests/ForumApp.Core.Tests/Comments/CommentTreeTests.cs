using ForumApp.Core.Comments;

namespace ForumApp.Core.Tests.Comments;

public sealed class CommentTreeTests
{
    private static readonly DateTime s_t0 = new(2022, 12, 6, 0, 0, 0, DateTimeKind.Utc);

    private static Comment C(int id, int? parent = null, CommentStatus status = CommentStatus.Visible, int? mergedInto = null) => new()
    {
        Id = id,
        ParentId = parent,
        BodyMarkdown = $"댓글 {id}",
        BodyHtml = $"<p>댓글 {id}</p>",
        CreatedAt = s_t0.AddMinutes(id),
        Status = status,
        MergedIntoId = mergedInto,
    };

    private static IReadOnlyList<CommentNode> Build(params Comment[] comments) => CommentTree.Build(comments, _ => "작성자");

    [Fact]
    public void Replies_nest_under_their_parent_in_time_order()
    {
        var forest = Build(C(3, 1), C(1), C(2, 1), C(4, 2), C(5));

        Assert.Equal([1, 5], forest.Select(n => n.Comment.Id));
        Assert.Equal([2, 3], forest[0].Children.Select(n => n.Comment.Id));
        Assert.Equal(4, forest[0].Children[0].Children[0].Comment.Id);
        Assert.Equal(2, forest[0].Children[0].Children[0].Depth);
        Assert.Equal(3, forest[0].DescendantCount);
    }

    [Fact]
    public void Merged_copies_are_folded_into_the_kept_comment()
    {
        var forest = Build(C(1), C(2, status: CommentStatus.Merged, mergedInto: 1), C(3, status: CommentStatus.Merged, mergedInto: 1));

        var node = Assert.Single(forest);
        Assert.Equal(2, node.MergedCopies);
    }

    [Fact]
    public void A_deleted_comment_keeps_its_place_so_its_replies_stay_in_the_thread()
    {
        var forest = Build(C(1, status: CommentStatus.Deleted), C(2, 1));

        var node = Assert.Single(forest);
        Assert.Equal(CommentStatus.Deleted, node.Comment.Status);
        Assert.Equal(2, Assert.Single(node.Children).Comment.Id);
    }

    [Fact]
    public void A_reply_whose_parent_is_missing_becomes_a_thread_of_its_own()
    {
        var forest = Build(C(2, parent: 99));

        Assert.Equal(2, Assert.Single(forest).Comment.Id);
    }

    [Fact]
    public void Find_reaches_a_deep_reply()
    {
        var forest = Build(C(1), C(2, 1), C(3, 2), C(4, 3));

        Assert.Equal(3, CommentTree.Find(forest, 4)!.Depth);
        Assert.Null(CommentTree.Find(forest, 42));
    }
}

public sealed class CommentTreeCreditTests
{
    [Fact]
    public void Authors_of_merged_copies_stay_credited_on_the_kept_comment()
    {
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Comment C(int id, int author, CommentStatus status = CommentStatus.Visible, int? into = null) => new()
        {
            Id = id, AuthorId = author, BodyMarkdown = "같은 글", BodyHtml = "<p>같은 글</p>", CreatedAt = t0.AddMinutes(id), Status = status, MergedIntoId = into,
        };
        var names = new Dictionary<int, string> { [1] = "가영", [2] = "나래", [3] = "다인" };

        var forest = CommentTree.Build([C(1, 1), C(2, 2, CommentStatus.Merged, 1), C(3, 1, CommentStatus.Merged, 1), C(4, 3, CommentStatus.Merged, 1)], c => names[c.AuthorId]);

        var node = Assert.Single(forest);
        Assert.Equal(["나래", "다인"], node.AlsoPostedBy);
        Assert.Equal([2, 3, 4], node.MergedIds);
    }
}
