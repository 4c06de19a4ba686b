using ForumApp.Core.Dedup;

namespace ForumApp.Core.Tests.Dedup;

public sealed class EditDistanceTests
{
    [Fact]
    public void Bounded_agrees_with_the_textbook_dynamic_programme_on_random_strings_of_one_to_several_machine_words()
    {
        var random = new Random(11);
        const string Alphabet = "가나다라마바사아 ab";
        for (var trial = 0; trial < 3_000; trial++)
        {
            var a = RandomText(random, Alphabet, random.Next(0, trial % 3 == 0 ? 300 : 90));
            var b = random.Next(3) == 0 ? RandomText(random, Alphabet, random.Next(0, 200)) : Mutate(random, a, Alphabet);
            var expected = Reference(a, b);
            var max = random.Next(0, 40);

            var actual = EditDistance.Bounded(a, b, max);

            if (expected <= max)
            {
                Assert.Equal(expected, actual);
            }
            else
            {
                Assert.True(actual > max, $"'{a}' vs '{b}': {actual} <= {max} but the distance is {expected}");
            }
        }
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });

    private static string Mutate(Random random, string text, string alphabet)
    {
        var chars = new List<char>(text);
        var edits = random.Next(0, 12);
        for (var e = 0; e < edits; e++)
        {
            var position = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0: chars.Insert(position, alphabet[random.Next(alphabet.Length)]); break;
                case 1 when position < chars.Count: chars.RemoveAt(position); break;
                case 2 when position < chars.Count: chars[position] = alphabet[random.Next(alphabet.Length)]; break;
                default: break;
            }
        }

        return new string([.. chars]);
    }

    private static int Reference(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
