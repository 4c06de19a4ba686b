using CsCheck;
using ForumApp.Core.Essays;

namespace ForumApp.Core.Tests.Essays;

/// <summary>Stable paragraph ids across revisions: replies anchored to a paragraph must stay with it.</summary>
public sealed class ParagraphAlignmentTests
{
    private const string Syllables = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초";
    private const string OtherSyllables = "굉뷁쏼꿻뙎뾹쮃퀅튑퓛흖궰눼뒈뤠뭬붸쉐웨줴췌";

    [Fact]
    public void An_unchanged_revision_keeps_every_id()
    {
        var before = Paragraphs("첫 문단입니다.", "둘째 문단입니다.", "셋째 문단입니다.");

        var ids = ParagraphAlignment.Assign(before, [.. before.Select(p => p.Text)], 4);

        Assert.Equal([1, 2, 3], ids);
    }

    [Fact]
    public void Moved_edited_new_and_removed_paragraphs_get_the_ids_a_reader_expects()
    {
        var before = Paragraphs(
            "오픈소스 모델은 누구나 내려받아 쓸 수 있다는 점에서 민주화의 출발점이다.",
            "하지만 컴퓨팅 자원은 여전히 소수의 기업에 몰려 있다.",
            "그래서 공공 인프라가 필요하다.");

        var ids = ParagraphAlignment.Assign(before, [
            "그래서 공공 인프라가 필요하다.", // moved up, unchanged
            "오픈소스 모델은 누구나 내려받아 쓸 수 있다는 점에서 AI 민주화의 출발점이다.", // a word added
            "교육도 빼놓을 수 없다.", // new
        ], 4);

        Assert.Equal([3, 1, 4], ids); // the second paragraph was removed; its id is never given again
    }

    [Fact]
    public void A_rewritten_paragraph_gets_a_new_id_and_ids_are_never_reused()
    {
        var before = Paragraphs("하지만 컴퓨팅 자원은 여전히 소수의 기업에 몰려 있다.");

        var ids = ParagraphAlignment.Assign(before, ["전혀 다른 이야기로 바꾸어 썼습니다. 교육과 제도가 핵심입니다."], 7);

        Assert.Equal([7], ids);
    }

    [Fact]
    public void Spacing_and_punctuation_changes_keep_the_id()
    {
        var before = Paragraphs("짧은 문단", "다른 문단");

        var ids = ParagraphAlignment.Assign(before, ["다른  문단!", "짧은 문단."], 3);

        Assert.Equal([2, 1], ids);
    }

    /// <summary>A revision made from the one before by keeping, moving, slightly editing, rewriting, dropping and adding paragraphs.</summary>
    private sealed record Revision(IReadOnlyList<IdentifiedParagraph> Before, IReadOnlyList<string> After, IReadOnlyList<Origin> Origins, int NextId);

    private enum Change { Kept, SmallEdit, New }

    private sealed record Origin(Change Change, int? OldId);

    private static readonly Gen<Revision> s_revisions =
        Gen.Select(Gen.Int[0, 25], Gen.Int[0, 6], Gen.Int[0, int.MaxValue]).Select(x => Build(x.Item1, x.Item2, x.Item3));

    private static Revision Build(int count, int inserted, int seed)
    {
        var random = new Random(seed);
        var before = Enumerable.Range(1, count).Select(i => new IdentifiedParagraph(i * 2, $"문단{i} " + Text(random, Syllables, random.Next(20, 80)))).ToList();
        var after = new List<(string Text, Origin Origin)>();
        foreach (var p in before)
        {
            switch (random.Next(20))
            {
                case < 10:
                    after.Add((p.Text, new Origin(Change.Kept, p.Id)));
                    break;
                case < 14:
                    var chars = p.Text.ToCharArray();
                    chars[random.Next(chars.Length / 2, chars.Length)] = OtherSyllables[random.Next(OtherSyllables.Length)];
                    after.Add((new string(chars), new Origin(Change.SmallEdit, p.Id)));
                    break;
                case < 17:
                    after.Add((Text(random, OtherSyllables, random.Next(10, 60)), new Origin(Change.New, null))); // rewritten
                    break;
                default:
                    break; // removed
            }
        }

        for (var i = 0; i < inserted; i++)
        {
            after.Insert(random.Next(after.Count + 1), ($"새{i} " + Text(random, OtherSyllables, random.Next(5, 60)), new Origin(Change.New, null)));
        }

        if (after.Count > 1 && random.Next(3) == 0)
        {
            // Move one paragraph elsewhere.
            var from = random.Next(after.Count);
            var moved = after[from];
            after.RemoveAt(from);
            after.Insert(random.Next(after.Count + 1), moved);
        }

        return new Revision(before, [.. after.Select(a => a.Text)], [.. after.Select(a => a.Origin)], count * 2 + 1);
    }

    private static string Text(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(i => i % 6 == 5 ? ' ' : alphabet[random.Next(alphabet.Length)])]);

    [Fact]
    public void An_unchanged_paragraph_always_keeps_its_id()
    {
        s_revisions.Sample(r =>
        {
            var ids = ParagraphAlignment.Assign(r.Before, r.After, r.NextId);
            for (var i = 0; i < ids.Count; i++)
            {
                if (r.Origins[i].Change == Change.Kept)
                {
                    Assert.Equal(r.Origins[i].OldId, ids[i]);
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void A_slightly_edited_paragraph_keeps_its_id_and_new_ones_never_take_an_old_id()
    {
        s_revisions.Sample(r =>
        {
            var ids = ParagraphAlignment.Assign(r.Before, r.After, r.NextId);
            var oldIds = r.Before.Select(p => p.Id).ToHashSet();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            for (var i = 0; i < ids.Count; i++)
            {
                if (r.Origins[i].Change == Change.SmallEdit)
                {
                    Assert.Equal(r.Origins[i].OldId, ids[i]);
                }
                else if (r.Origins[i].Change == Change.New)
                {
                    Assert.DoesNotContain(ids[i], oldIds);
                    Assert.True(ids[i] >= r.NextId, $"new paragraph got id {ids[i]} below {r.NextId}");
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void Aligning_a_revision_with_itself_changes_nothing()
    {
        s_revisions.Sample(r =>
        {
            var ids = ParagraphAlignment.Assign(r.Before, r.After, r.NextId);
            var identified = r.After.Select((t, i) => new IdentifiedParagraph(ids[i], t)).ToList();

            Assert.Equal(ids, ParagraphAlignment.Assign(identified, r.After, ids.DefaultIfEmpty(0).Max() + 1));
        }, iter: 1000);
    }

    private static List<IdentifiedParagraph> Paragraphs(params string[] texts) => [.. texts.Select((t, i) => new IdentifiedParagraph(i + 1, t))];
}
