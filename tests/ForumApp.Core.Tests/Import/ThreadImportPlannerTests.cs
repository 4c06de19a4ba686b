using System.Text;
using ForumApp.Core.Dedup;
using ForumApp.Core.Essays;
using ForumApp.Core.Import;

namespace ForumApp.Core.Tests.Import;

public sealed class ThreadImportPlannerTests
{
    private static readonly ThreadImportPlanner s_planner = new(new DedupEngine());

    private static ImportPlan Plan(params string[] lines) =>
        s_planner.Plan(ThreadFileReader.Read("t.txt", Encoding.UTF8.GetBytes(string.Join('\n', lines))));

    [Fact]
    public void The_seed_thread_has_three_essay_paragraphs_and_ten_comments()
    {
        var path = TestEnvironment.SeedThread;

        var plan = s_planner.Plan(ThreadFileReader.Read("seed.txt", File.ReadAllBytes(path)));

        Assert.Equal([3, 4, 5], plan.EssayParagraphs.Select(p => p.Number));
        Assert.Equal(10, plan.Comments.Count(c => c.MergedIntoLine is null));
        Assert.Equal(10, plan.Comments.Count(c => c.MergedIntoLine is not null));
        Assert.Equal("최은창", plan.AuthorName);
        // Line 19 repeats line 12 (the second copy is in a different order).
        Assert.Equal(12, plan.Comments.Single(c => c.Line == 19).MergedIntoLine);
    }

    [Fact]
    public void Without_a_repeated_block_the_essay_ends_at_the_cut_off_paragraph()
    {
        var plan = Plan("2022/12/06", "리드 문장입니다.", "첫 문단입니다.", "둘째 문단은 여기서 잘립니다...", "첫 댓글입니다.", "둘째 댓글입니다.");

        Assert.Equal([3, 4], plan.EssayParagraphs.Select(p => p.Number));
        Assert.Equal([5, 6], plan.Comments.Select(c => c.Line));
    }

    [Fact]
    public void Without_a_repeat_or_a_cut_off_every_line_is_the_essay()
    {
        var plan = Plan("2022/12/06", "리드 문장입니다.", "첫 문단입니다.", "둘째 문단입니다.");

        Assert.Equal([3, 4], plan.EssayParagraphs.Select(p => p.Number));
        Assert.Empty(plan.Comments);
    }

    [Fact]
    public void An_essay_paragraph_scraped_again_among_the_comments_stays_with_the_essay()
    {
        var plan = Plan("2022/12/06", "리드 문장입니다.", "첫 문단입니다...", "첫 문단입니다...", "댓글입니다.", "첫 문단입니다...");

        Assert.Equal([5], plan.Comments.Select(c => c.Line));
        var copy = plan.Lines.Single(l => l.Number == 6);
        Assert.Equal(SourceLineRole.EssayParagraph, copy.Role);
        Assert.Equal(3, copy.DuplicateOfLine);
    }

    [Fact]
    public void Without_a_mention_of_the_author_the_author_is_unknown()
    {
        var plan = Plan("2022/12/06", "리드 문장입니다.", "본문...", "본문...", "좋은 글 감사합니다.");

        Assert.Null(plan.AuthorName);
    }

    [Fact]
    public void The_title_is_the_lede_without_its_full_stop()
    {
        var plan = Plan("2022/12/06", "AI 민주화를 다시 생각합니다.", "본문...");

        Assert.Equal("AI 민주화를 다시 생각합니다", plan.Title);
        Assert.Equal("ai-민주화를-다시-생각합니다", plan.Slug);
    }
}
