using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

public sealed class SeedThreadTests
{
    [Fact]
    public void Engine_pairs_each_repeated_paragraph_and_comment_of_the_seed_thread_with_its_copy_and_nothing_else()
    {
        // Lines 2..28 of the seed file (line 1 is the date). Index i here is line i + 2.
        var lines = File.ReadAllLines(TestEnvironment.SeedThread)[1..];

        var clusters = new DedupEngine().FindClusters(lines);

        static int[] L(params int[] fileLines) => [.. fileLines.Select(l => l - 2)];
        int[][] expected =
        [
            L(3, 6), L(4, 7), L(5, 8),                          // the essay's three paragraphs, repeated
            L(9, 20), L(10, 21), L(11, 22), L(12, 19), L(13, 23), // the ten comments, repeated in another order
            L(14, 24), L(15, 25), L(16, 26), L(17, 27), L(18, 28),
        ];
        Assert.Equal(
            expected.Select(m => string.Join(',', m)).Order(StringComparer.Ordinal),
            clusters.Select(c => string.Join(',', c.Members)).Order(StringComparer.Ordinal));
        Assert.All(clusters, c =>
        {
            Assert.Equal(c.Members[0], c.Canonical);
            Assert.Equal(DuplicateKind.Exact, c.Kind);
            Assert.Equal(1.0, c.Score);
        });
    }

    [Fact]
    public void Online_index_finds_the_earlier_copy_of_each_repeated_seed_line()
    {
        var lines = File.ReadAllLines(TestEnvironment.SeedThread)[1..];
        var index = new DuplicateIndex();
        var duplicates = new List<(long Line, long Of)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var matches = index.CheckAndAdd(i + 2, lines[i]);
            duplicates.AddRange(matches.Select(m => ((long)i + 2, m.Id)));
        }

        Assert.Equal(13, duplicates.Count);
        Assert.Contains((19L, 12L), duplicates);
        Assert.Contains((20L, 9L), duplicates);
        Assert.DoesNotContain(duplicates, d => d.Line < 6);
    }
}
