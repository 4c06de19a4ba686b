using ForumApp.Core.Dedup;
using ForumApp.Core.Moderation;

namespace ForumApp.Core.Tests.Moderation;

public sealed class ModerationQueueTests
{
    private static readonly DateTime s_t0 = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);

    private static Dictionary<int, ClusterCandidate> Comments(params (int Id, int Minutes, bool Complete)[] comments) =>
        comments.ToDictionary(c => c.Id, c => new ClusterCandidate(c.Id, s_t0.AddMinutes(c.Minutes), c.Complete));

    [Fact]
    public void Connected_pairs_form_one_cluster_and_separate_pairs_another()
    {
        SuggestedPair[] pairs =
        [
            new(1, 2, 1, 1.0, DuplicateSuggestionKind.Exact),
            new(2, 3, 2, 0.9, DuplicateSuggestionKind.Near),
            new(3, 11, 10, 1.0, DuplicateSuggestionKind.Exact),
        ];

        var clusters = DuplicateClustering.Group(pairs, Comments((1, 0, true), (2, 1, true), (3, 2, true), (10, 0, true), (11, 5, true)));

        Assert.Equal(2, clusters.Count);
        var big = Assert.Single(clusters, c => c.CommentIds.Count == 3);
        Assert.Equal([1, 2, 3], big.CommentIds);
        Assert.Equal(1, big.CanonicalId);
        Assert.Equal(DuplicateSuggestionKind.Near, big.Kind);
        Assert.Equal(0.9, big.Score);
        Assert.Equal([1, 2], big.SuggestionIds);
        var small = Assert.Single(clusters, c => c.CommentIds.Count == 2);
        Assert.Equal(DuplicateSuggestionKind.Exact, small.Kind);
        Assert.Equal(3, clusters[0].SuggestionIds.Single()); // newest pair first
    }

    [Fact]
    public void The_canonical_is_the_earliest_complete_member_not_an_earlier_truncated_preview()
    {
        SuggestedPair[] pairs = [new(1, 7, 8, 1.0, DuplicateSuggestionKind.Near), new(2, 9, 8, 0.95, DuplicateSuggestionKind.Near)];

        var cluster = Assert.Single(DuplicateClustering.Group(pairs, Comments((7, 0, false), (8, 10, true), (9, 5, true))));

        Assert.Equal(9, cluster.CanonicalId);
        Assert.Equal([9, 7, 8], cluster.CommentIds); // canonical first, then oldest first
    }

    [Fact]
    public void Side_by_side_diff_marks_the_changed_words_of_a_modified_line()
    {
        var diff = SideBySideDiff.Build("좋은 글 잘 읽었습니다\n둘째 줄", "좋은 글 잘 봤습니다\n둘째 줄");

        Assert.False(diff.Identical);
        Assert.Equal(DiffChange.Modified, diff.Left[0].Change);
        Assert.Contains(diff.Right[0].Pieces, p => p.Change == DiffChange.Inserted && p.Text == "봤습니다");
        Assert.Contains(diff.Left[0].Pieces, p => p.Change == DiffChange.Deleted && p.Text == "읽었습니다");
        Assert.Equal(DiffChange.Unchanged, diff.Right[1].Change);
        Assert.True(SideBySideDiff.Build("같은 글", "같은 글").Identical);
    }

    [Fact]
    public void Side_by_side_diff_pads_the_side_that_lacks_a_line()
    {
        var diff = SideBySideDiff.Build("한 줄", "한 줄\n덧붙인 줄");

        Assert.Equal(diff.Left.Count, diff.Right.Count);
        Assert.Equal(DiffChange.Missing, diff.Left[1].Change);
        Assert.Null(diff.Left[1].Number);
        Assert.Equal(DiffChange.Inserted, diff.Right[1].Change);
    }

    [Theory]
    [InlineData(DuplicateKind.Exact, 1.0, new[] { 5, 5, 5 }, true)]
    [InlineData(DuplicateKind.Near, 0.97, new[] { 5, 5 }, true)]
    [InlineData(DuplicateKind.Contained, 1.0, new[] { 5, 5 }, true)]
    [InlineData(DuplicateKind.Near, 0.96, new[] { 5, 5 }, false)]
    [InlineData(DuplicateKind.Exact, 1.0, new[] { 5, 6 }, false)]
    public void Only_one_authors_exact_or_very_close_copies_merge_automatically(DuplicateKind kind, double score, int[] authors, bool expected) =>
        Assert.Equal(expected, AutoMergePolicy.ShouldAutoMerge(kind, score, authors));
}
