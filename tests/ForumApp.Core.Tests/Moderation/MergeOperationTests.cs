using CsCheck;
using ForumApp.Core.Comments;
using ForumApp.Core.Moderation;
using ForumApp.Core.Reactions;

namespace ForumApp.Core.Tests.Moderation;

public sealed class MergeOperationTests
{
    private static Dictionary<int, CommentState> Tree(params (int Id, int? Parent)[] nodes) =>
        nodes.ToDictionary(n => n.Id, n => new CommentState(n.Id, n.Parent, CommentStatus.Visible, null));

    [Fact]
    public void Duplicates_become_tombstones_pointing_at_the_canonical_and_their_replies_move_under_it()
    {
        var tree = Tree((1, null), (2, null), (3, 2), (4, 3));

        var changes = MergeOperation.Plan(tree, 1, [2]);
        var after = MergeOperation.Apply(tree, changes);

        Assert.Equal(new CommentState(2, null, CommentStatus.Merged, 1), after[2]);
        Assert.Equal(1, after[3].ParentId);
        Assert.Equal(3, after[4].ParentId);
        Assert.Equal([MergeMemberRole.Duplicate, MergeMemberRole.MovedReply], changes.Select(c => c.Role));
    }

    [Fact]
    public void Merge_then_unmerge_restores_the_tree()
    {
        var tree = Tree((1, null), (2, null), (3, 2), (5, 1), (6, 2));

        var changes = MergeOperation.Plan(tree, 1, [2]);
        var restored = MergeOperation.Undo(MergeOperation.Apply(tree, changes), changes);

        Assert.Equal(tree, restored);
    }

    [Fact]
    public void A_canonical_inside_a_member_s_thread_is_refused()
    {
        var tree = Tree((1, null), (2, 1));

        var error = Assert.Throws<MergeRefusedException>(() => MergeOperation.Plan(tree, 2, [1]));

        Assert.Contains("답글", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(1, new int[0])]
    [InlineData(9, new[] { 2 })]
    [InlineData(1, new[] { 9 })]
    public void Impossible_merges_are_refused_with_a_message(int canonical, int[] members)
    {
        var tree = Tree((1, null), (2, null));

        Assert.Throws<MergeRefusedException>(() => MergeOperation.Plan(tree, canonical, members));
    }

    [Fact]
    public void Merging_an_already_merged_comment_is_refused()
    {
        var tree = Tree((1, null), (2, null), (3, null));
        var after = MergeOperation.Apply(tree, MergeOperation.Plan(tree, 1, [2]));

        Assert.Throws<MergeRefusedException>(() => MergeOperation.Plan(after, 3, [2]));
    }

    [Fact]
    public void Undo_is_refused_when_a_later_merge_moved_the_same_replies()
    {
        var tree = Tree((1, null), (2, null), (3, 2), (4, null));
        var first = MergeOperation.Plan(tree, 1, [2]);
        var afterFirst = MergeOperation.Apply(tree, first);
        var second = MergeOperation.Plan(afterFirst, 4, [1]);
        var afterSecond = MergeOperation.Apply(afterFirst, second);

        Assert.Throws<MergeRefusedException>(() => MergeOperation.Undo(afterSecond, first));
        // Undoing in reverse order restores the original.
        Assert.Equal(tree, MergeOperation.Undo(MergeOperation.Undo(afterSecond, second), first));
    }

    /// <summary>A random essay discussion and a random merge request on it.</summary>
    private static readonly Gen<(Dictionary<int, CommentState> Tree, int Canonical, int[] Members)> s_cases =
        Gen.Int[1, 60].SelectMany(n =>
            Gen.Int[0, int.MaxValue].Array[n].SelectMany(rolls =>
                Gen.Int[0, n - 1].SelectMany(canonical =>
                    Gen.Int[0, n - 1].Array[1, 6].Select(members => Build(rolls, canonical, members)))));

    private static (Dictionary<int, CommentState>, int, int[]) Build(int[] rolls, int canonical, int[] members)
    {
        var tree = new Dictionary<int, CommentState>();
        for (var i = 0; i < rolls.Length; i++)
        {
            var roll = rolls[i];
            int? parent = i == 0 || roll % 3 == 0 ? null : roll % i;
            var status = (roll / 7 % 10) switch
            {
                0 => CommentStatus.Deleted,
                1 when i > 0 => CommentStatus.Merged,
                _ => CommentStatus.Visible,
            };
            tree[i] = new CommentState(i, parent, status, status == CommentStatus.Merged ? roll % i : null);
        }

        return (tree, canonical, members);
    }

    [Fact]
    public void Merge_then_unmerge_is_the_identity_on_thousands_of_generated_trees()
    {
        var merged = 0;
        s_cases.Sample(c =>
        {
            IReadOnlyList<MergeChange> changes;
            try
            {
                changes = MergeOperation.Plan(c.Tree, c.Canonical, c.Members);
            }
            catch (MergeRefusedException)
            {
                return; // refused requests change nothing by construction
            }

            merged++;
            var after = MergeOperation.Apply(c.Tree, changes);
            var memberSet = c.Members.ToHashSet();

            // What a reader would see right after the merge.
            Assert.All(memberSet, m => Assert.Equal(new CommentState(m, c.Tree[m].ParentId, CommentStatus.Merged, c.Canonical), after[m]));
            Assert.DoesNotContain(after.Values, s => !memberSet.Contains(s.Id) && s.ParentId is int p && memberSet.Contains(p));
            Assert.Equal(CommentStatus.Visible, after[c.Canonical].Status);
            Assert.Equal(c.Tree.Keys.Order(), after.Keys.Order());
            AssertNoCycles(after);

            Assert.Equal(c.Tree, MergeOperation.Undo(after, changes));
        }, iter: 5000);

        Assert.True(merged > 500, $"only {merged} of 5000 generated merges were possible: the generator is too narrow");
    }

    /// <summary>A random discussion, a random merge request and random "공감" rows (comment, person) from a few people.</summary>
    private static readonly Gen<((Dictionary<int, CommentState> Tree, int Canonical, int[] Members) Case, (int CommentId, string UserId)[] Reactions)> s_reactionCases =
        s_cases.SelectMany(c => Gen.Select(Gen.Int[0, c.Tree.Count - 1], Gen.Int[0, 5]).Array[0, 40]
            .Select(rows => (c, rows.Select(r => (r.Item1, "user-" + r.Item2)).Distinct().ToArray())));

    [Fact]
    public void Merge_combines_reactions_counting_each_person_once_and_unmerge_restores_them_exactly()
    {
        var merged = 0;
        s_reactionCases.Sample(x =>
        {
            var (c, reactions) = x;
            IReadOnlyList<MergeChange> changes;
            try
            {
                changes = MergeOperation.Plan(c.Tree, c.Canonical, c.Members);
            }
            catch (MergeRefusedException)
            {
                return;
            }

            merged++;
            var before = ReactionCounts.Count(c.Tree, reactions);
            var after = MergeOperation.Apply(c.Tree, changes);
            var counts = ReactionCounts.Count(after, reactions);

            // The kept comment counts the distinct people over itself, the new copies and whatever was merged into any of them.
            var group = new[] { c.Canonical }.Concat(c.Members).Select(id => ReactionCounts.Shown(c.Tree, id) == id ? id : -1).Where(id => id >= 0).ToHashSet();
            var expected = reactions.Where(r => group.Contains(ReactionCounts.Shown(c.Tree, r.CommentId))).Select(r => r.UserId).Distinct().Count();
            Assert.Equal(expected, counts.GetValueOrDefault(c.Canonical));
            Assert.All(c.Members, m => Assert.False(counts.ContainsKey(m)));
            // Nobody is counted twice, and the people are the same people.
            Assert.True(counts.Values.Sum() <= before.Values.Sum());
            Assert.Equal(
                reactions.GroupBy(r => ReactionCounts.Shown(after, r.CommentId)).Sum(g => g.Select(r => r.UserId).Distinct().Count()),
                counts.Values.Sum());
            // Other comments keep their counts.
            Assert.All(before.Where(p => p.Key != c.Canonical && !c.Members.Contains(p.Key)), p => Assert.Equal(p.Value, counts[p.Key]));

            Assert.Equal(before.OrderBy(p => p.Key), ReactionCounts.Count(MergeOperation.Undo(after, changes), reactions).OrderBy(p => p.Key));
        }, iter: 3000);

        Assert.True(merged > 300, $"only {merged} of 3000 generated merges were possible");
    }

    private static void AssertNoCycles(Dictionary<int, CommentState> tree)
    {
        foreach (var start in tree.Values)
        {
            var seen = new HashSet<int>();
            for (int? p = start.Id; p is int id && tree.TryGetValue(id, out var node); p = node.ParentId)
            {
                Assert.True(seen.Add(id), $"cycle through #{id}");
            }
        }
    }
}
