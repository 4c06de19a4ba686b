using System.Text;
using ForumApp.Core.Text;

namespace ForumApp.Dedup.Evaluation;

/// <summary>
/// The Korean corpus (<see cref="CorpusVocabulary.Korean"/>): comments from sentence templates filled with real words
/// (<see cref="KoreanLexicon"/>), with every planted duplicate kind — exact, NFD, invisible noise, truncated previews,
/// and re-posts with typos inside key words (a neighbouring key on the 두벌식 keyboard, a doubled or dropped syllable,
/// spacing changes, or two to three of those together) — and hard negatives that keep the template and the endings but
/// put another real word in one key-word slot, or redraw about half of them.
/// </summary>
internal static class KoreanCorpusGenerator
{
    private static readonly string[] s_stock = ["감사합니다", "좋은 글 감사합니다", "잘 읽었습니다.", "공감합니다!", "동의합니다", "좋아요", "최고예요 👍", "ㅋㅋㅋㅋ", "잘 봤습니다", "응원합니다!"];
    private static readonly string[] s_markers = ["...", "…", "… 더 보기", " 더보기", "... See more", " Read more", "(더보기)"];

    public static LabelledCorpus Generate(int size, int seed, KoreanLexicon lexicon)
    {
        var comments = new KoreanComments(lexicon);
        var random = new Random(seed);
        var texts = new List<string>(size);
        var groups = new List<int>(size);
        var kinds = new List<PlantedKind>(size);
        var sources = new List<int>(size);
        var structure = new List<KoreanComments.Comment?>(size);
        var groupOfKey = new Dictionary<string, int>(StringComparer.Ordinal);

        void Add(string text, PlantedKind kind, int source, KoreanComments.Comment? comment, bool copy)
        {
            int group;
            if (copy)
            {
                group = groups[source];
            }
            else if (!groupOfKey.TryGetValue(TextNormalizer.ToComparisonKey(text), out group))
            {
                // Two independently generated comments with the same key are the same text: one group.
                group = groupOfKey[TextNormalizer.ToComparisonKey(text)] = groupOfKey.Count;
            }

            texts.Add(text);
            groups.Add(group);
            kinds.Add(kind);
            sources.Add(source);
            structure.Add(comment);
        }

        while (texts.Count < size)
        {
            var roll = random.NextDouble();
            var source = texts.Count > 0 ? PickSource(random, structure, texts.Count) : -1;
            var comment = source >= 0 ? structure[source] : null;
            if (source < 0 || roll < 0.48)
            {
                if (random.NextDouble() < 0.1)
                {
                    Add(s_stock[random.Next(s_stock.Length)], PlantedKind.Original, -1, null, copy: false);
                }
                else
                {
                    var fresh = comments.NewComment(random);
                    Add(KoreanComments.Text(comments.Render(fresh)), PlantedKind.Original, -1, fresh, copy: false);
                }
            }
            else if (roll < 0.56)
            {
                Add(texts[source], PlantedKind.ExactCopy, source, null, copy: true);
            }
            else if (roll < 0.60)
            {
                Add(texts[source].Normalize(NormalizationForm.FormD), PlantedKind.NfdCopy, source, null, copy: true);
            }
            else if (roll < 0.66)
            {
                Add(CorpusGenerator.AddNoise(texts[source], random), PlantedKind.NoiseCopy, source, null, copy: true);
            }
            else if (roll < 0.71)
            {
                if (texts[source].Length >= 48)
                {
                    var text = texts[source];
                    var cut = (int)(text.Length * (0.45 + (0.4 * random.NextDouble())));
                    Add(text[..cut].TrimEnd() + s_markers[random.Next(s_markers.Length)], PlantedKind.TruncatedPreview, source, null, copy: true);
                }
            }
            else if (roll < 0.90)
            {
                var kind = roll switch
                {
                    < 0.75 => PlantedKind.JamoTypo,
                    < 0.78 => PlantedKind.DoubledSyllable,
                    < 0.81 => PlantedKind.DroppedSyllable,
                    < 0.83 => PlantedKind.SpacingChange,
                    _ => PlantedKind.MixedTypos,
                };
                if (comment is not null && TryTypos(comments.Render(comment), kind, random, out var edited) && edited != texts[source])
                {
                    Add(edited, kind, source, null, copy: true);
                }
            }
            else if (comment is not null)
            {
                var swap = roll < 0.95;
                var negative = comments.Redraw(comment, swap ? 0 : 0.5, random);
                Add(KoreanComments.Text(comments.Render(negative)), swap ? PlantedKind.KeyWordSwap : PlantedKind.RedrawnKeyWords, source, negative, copy: false);
            }
        }

        return new LabelledCorpus(texts, groups, kinds, sources);
    }

    /// <summary>Copies come from generated comments, mostly recent ones (threads repeat nearby), sometimes from anywhere.</summary>
    private static int PickSource(Random random, List<KoreanComments.Comment?> structure, int count)
    {
        var fallback = -1;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var source = random.NextDouble() < 0.7 ? Math.Max(0, count - 1 - random.Next(Math.Min(count, 200))) : random.Next(count);
            if (structure[source] is not null)
            {
                return source;
            }

            fallback = source;
        }

        return fallback;
    }

    /// <summary>Applies the typos of <paramref name="kind"/> to key words of the rendered comment.</summary>
    private static bool TryTypos(List<KoreanComments.Piece> pieces, PlantedKind kind, Random random, out string edited)
    {
        var keys = Enumerable.Range(0, pieces.Count).Where(i => pieces[i].Key).ToArray();
        var edits = kind == PlantedKind.MixedTypos ? 1 + random.Next(3) : 1;
        var spacing = kind == PlantedKind.SpacingChange || (kind == PlantedKind.MixedTypos && random.Next(2) == 0);
        var done = 0;
        for (var attempt = 0; attempt < 20 && done < edits && kind != PlantedKind.SpacingChange; attempt++)
        {
            var at = keys[random.Next(keys.Length)];
            var word = pieces[at].Text;
            var op = kind == PlantedKind.MixedTypos ? random.Next(3) : kind - PlantedKind.JamoTypo;
            var ok = op switch
            {
                0 => HangulTypos.TryNeighbourKey(word, random, out word),
                1 => HangulTypos.TryDoubleSyllable(word, random, out word),
                _ => HangulTypos.TryDropSyllable(word, random, out word),
            };
            if (ok)
            {
                pieces[at] = pieces[at] with { Text = word };
                done++;
            }
        }

        edited = KoreanComments.Text(pieces);
        if (spacing)
        {
            edited = ChangeSpacing(edited, random);
        }

        return edited.Length > 0;
    }

    /// <summary>One or two spaces removed (particles and words run together) or added between two syllables.</summary>
    private static string ChangeSpacing(string text, Random random)
    {
        var sb = new StringBuilder(text);
        var changes = 1 + random.Next(2);
        for (var attempt = 0; attempt < 20 && changes > 0; attempt++)
        {
            var at = 1 + random.Next(Math.Max(1, sb.Length - 2));
            if (at >= sb.Length - 1)
            {
                continue;
            }

            if (sb[at] == ' ' && Hangul.IsSyllable(sb[at - 1]) && Hangul.IsSyllable(sb[at + 1]))
            {
                sb.Remove(at, 1);
                changes--;
            }
            else if (random.Next(3) == 0 && Hangul.IsSyllable(sb[at - 1]) && Hangul.IsSyllable(sb[at]))
            {
                sb.Insert(at, ' ');
                changes--;
            }
        }

        return sb.ToString();
    }
}
