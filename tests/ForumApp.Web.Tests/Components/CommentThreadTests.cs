using Bunit;
using ForumApp.Core.Comments;
using ForumApp.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Components;

public sealed class CommentThreadTests : BunitContext
{
    private const string EssayPath = "/essays/7/ai-민주화";
    private static readonly DateTime s_t0 = new(2022, 12, 6, 0, 0, 0, DateTimeKind.Utc);

    public CommentThreadTests() => Services.AddLocalization(); // components inject IStringLocalizer<UiText>

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

    private IRenderedComponent<CommentThread> RenderThreads(int maxDepth = ThreadDisplay.DefaultMaxDepth, params Comment[] comments) =>
        Render<CommentThread>(p => p
            .Add(x => x.Threads, CommentTree.Build(comments, c => $"작성자{c.Id}"))
            .Add(x => x.EssayPath, EssayPath)
            .Add(x => x.MaxDepth, maxDepth));

    [Fact]
    public void Replies_are_nested_inside_their_parent()
    {
        var cut = RenderThreads(comments: [C(1), C(2, 1), C(3, 2), C(4)]);

        Assert.Equal(2, cut.FindAll("ol.thread-list:not(.nested) > li").Count);
        var reply = cut.Find("#c-1").ParentElement!.QuerySelector("details.replies #c-2");
        Assert.NotNull(reply);
        Assert.NotNull(cut.Find("#c-2").ParentElement!.QuerySelector("details.replies #c-3"));
        Assert.Equal("댓글 3", cut.Find("#c-3 .comment-body").TextContent);
    }

    [Fact]
    public void A_subtree_collapses_with_a_details_element_that_starts_open_and_counts_its_replies()
    {
        var cut = RenderThreads(comments: [C(1), C(2, 1), C(3, 2)]);

        var details = cut.Find("#c-1").ParentElement!.QuerySelector(":scope > details.replies")!;
        Assert.True(details.HasAttribute("open"));
        Assert.Equal("답글 2개", details.QuerySelector("summary")!.TextContent);
    }

    [Fact]
    public void A_comment_without_replies_has_nothing_to_collapse()
    {
        var cut = RenderThreads(comments: [C(1)]);

        Assert.Empty(cut.FindAll("details"));
    }

    [Fact]
    public void Every_comment_has_a_permalink_to_its_anchor()
    {
        var cut = RenderThreads(comments: [C(1), C(2, 1)]);

        foreach (var id in new[] { 1, 2 })
        {
            Assert.Equal("comment", cut.Find($"#c-{id}").ClassList[0]);
            Assert.Equal($"{EssayPath}#c-{id}", cut.Find($"#c-{id} a.permalink").GetAttribute("href"));
        }
    }

    [Fact]
    public void Threads_deeper_than_the_cap_continue_on_their_own_page()
    {
        var cut = RenderThreads(maxDepth: 2, comments: [C(1), C(2, 1), C(3, 2), C(4, 3), C(5, 4)]);

        Assert.Empty(cut.FindAll("#c-4"));
        var link = cut.Find("#c-3").ParentElement!.QuerySelector(".thread-continues a")!;
        Assert.Equal($"{EssayPath}/comments/3", link.GetAttribute("href"));
        Assert.Contains("2개", link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Merged_copies_show_only_a_small_indicator()
    {
        var cut = RenderThreads(comments: [C(1), C(2, status: CommentStatus.Merged, mergedInto: 1)]);

        Assert.Single(cut.FindAll("article.comment"));
        Assert.Equal("사본 1개 합침", cut.Find("#c-1 .merged-badge").TextContent);
        // The copy's own anchor sits inside the kept comment, so its old permalink still lands somewhere.
        Assert.Single(cut.FindAll("#c-1 #c-2.merged-anchor"));
    }

    [Fact]
    public void A_deleted_comment_is_a_tombstone_that_keeps_its_replies()
    {
        var cut = RenderThreads(comments: [C(1, status: CommentStatus.Deleted), C(2, 1)]);

        Assert.Empty(cut.FindAll("#c-1 .comment-body"));
        Assert.Contains("삭제", cut.Find("#c-1 .comment-tombstone").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("#c-2"));
    }

    [Fact]
    public void A_moderator_s_delete_says_so_on_the_tombstone()
    {
        var removed = C(1, status: CommentStatus.Deleted);
        removed.DeletedByModerator = true;

        var cut = RenderThreads(comments: [removed, C(2, status: CommentStatus.Deleted)]);

        Assert.Equal("운영자가 삭제한 댓글입니다.", cut.Find("#c-1 .comment-tombstone").TextContent);
        Assert.Equal("작성자가 삭제한 댓글입니다.", cut.Find("#c-2 .comment-tombstone").TextContent);
    }

    [Fact]
    public void An_empty_discussion_says_so_in_Korean()
    {
        var cut = RenderThreads(comments: []);

        Assert.Equal("아직 댓글이 없습니다.", cut.Find(".no-comments").TextContent);
    }
}

public sealed class CommentThreadWriterTests
{
    [Fact]
    public void Author_names_and_paths_are_escaped_and_Hangul_stays_readable()
    {
        var comment = new Comment
        {
            Id = 1,
            BodyMarkdown = "x",
            BodyHtml = "<p>x</p>",
            CreatedAt = new DateTime(2022, 12, 6, 0, 0, 0, DateTimeKind.Utc),
            Status = CommentStatus.Visible,
        };
        var node = new CommentNode(comment, "<script>김\"철수'</script>", 0, [], 0, 0);

        var html = CommentThreadWriter.Write([node], new ThreadView("/essays/1/a\"b"));

        Assert.Contains("&lt;script&gt;김&quot;철수&#39;&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/essays/1/a&quot;b#c-1\"", html, StringComparison.Ordinal);
        Assert.Contains("2022년 12월 6일", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_author_gets_edit_and_delete_links_and_moderators_get_delete()
    {
        Comment C(int id, int author) => new()
        {
            Id = id, AuthorId = author, BodyMarkdown = "x", BodyHtml = "<p>x</p>",
            CreatedAt = new DateTime(2022, 12, 6, 0, 0, 0, DateTimeKind.Utc), Status = CommentStatus.Visible,
        };
        var forest = CommentTree.Build([C(1, 10), C(2, 20)], _ => "누군가");

        var asAuthor10 = CommentThreadWriter.Write(forest, new ThreadView("/e", ViewerAuthorId: 10));
        var asModerator = CommentThreadWriter.Write(forest, new ThreadView("/e", ViewerCanModerate: true));
        var anonymous = CommentThreadWriter.Write(forest, new ThreadView("/e"));

        Assert.Equal(1, asAuthor10.Split("class=\"edit-link\"").Length - 1);
        Assert.Contains("href=\"/e?edit=1#composer\"", asAuthor10, StringComparison.Ordinal);
        Assert.Equal(2, asModerator.Split("class=\"delete-link\"").Length - 1);
        Assert.DoesNotContain("edit-link", asModerator, StringComparison.Ordinal);
        Assert.DoesNotContain("delete-link", anonymous, StringComparison.Ordinal);
        Assert.Equal(2, anonymous.Split("class=\"reply-link\"").Length - 1);
    }
}
