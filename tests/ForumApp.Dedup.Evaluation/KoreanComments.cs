using System.Text;

namespace ForumApp.Dedup.Evaluation;

/// <summary>
/// Comments built from sentence templates whose slots take words of a <see cref="KoreanLexicon"/>, each word inflected
/// as the slot needs (particles by 받침, polite and past endings). A comment remembers which word fills each slot,
/// so that a hard negative can replace a key word with another real word under the same template and endings.
/// </summary>
internal sealed class KoreanComments(KoreanLexicon words)
{
    // Slots: {N:form} noun, {V:form} verb, {A:form} adjective, {D} adverb. Everything else is fixed template text.
    private static readonly string[] s_templates =
    [
        "{N:topic} {D} {A:formal}.", "{N:loc} {N:obj} {V:pastcasual}.", "요즘 {N:subj} {D} {A:ne}.",
        "{A:mod} {N:obj} {V:want}.", "{N:gen} {N:topic} {A:pastformal}.", "{N:with} {N:obj} {V:pastformal}.",
        "어제 {N:loc} {N:obj} {V:pastneunde} {A:pastcasual}.", "{N:subj} {A:go} {A:formal}.", "{N:obj} {D} {V:should}.",
        "{N:obj} {V:mod} {N:topic} {A:casual}.", "{N:topic} {A:dago} 생각합니다.", "{N:obj} 한번 {V:try}.",
        "{N:topic} {V:gi} {A:casual}.", "{N:obj} {V:hope}.", "{D} {A:mod} {N:copula}.", "{N:topic} {N:subj} {A:casual}.",
        "{N:with} {N:to} {V:neunde} {N:subj} {A:ne}.", "지난번에 {N:obj} {V:pastneunde} {D} {A:pastformal}.",
        "{N:to} 대해서는 {D} {A:casual}.", "{N:obj} {V:mod} 사람이 {A:ne}.", "{N:topic} {D} {N:gen} {N:copula}.",
        "이번 {N:topic} {N:ro} {V:pastformal}.", "{N:subj} {A:pastneunde} {N:topic} {A:casual}.",
        "주말에 {N:with} {N:obj} {V:pastcasual}.",
    ];

    private static readonly string[] s_openers =
    [
        "좋은 글 감사합니다.", "잘 읽었습니다.", "흥미롭네요.", "저도 비슷한 생각입니다.", "오랜만에 글 남깁니다.", "퇴근길에 읽었어요.",
        "정리가 잘 되어 있네요.", "궁금했던 내용이에요.", "처음 댓글 남겨요.", "공유해 주셔서 고마워요.", "", "", "", "", "", "", "", "",
    ];

    private static readonly string[] s_closers =
    [
        "다음 글도 기대합니다.", "많이 배웠습니다.", "좋은 하루 보내세요!", "감사합니다 :)", "다들 어떻게 생각하세요?", "참고하세요.",
        "제 생각은 그렇습니다.", "후기 기다릴게요.", "저만 그런가요?", "", "", "", "", "", "", "", "",
    ];

    private static readonly (char Pos, string Form)[][] s_slots = [.. s_templates.Select(ParseSlots)];

    /// <summary>A rendered piece of a comment; key pieces are the slot words, where typos and word swaps happen.</summary>
    public readonly record struct Piece(string Text, bool Key);

    /// <summary>A comment's structure: opener, sentences (template and the word in each slot), closer.</summary>
    public sealed record Comment(int Opener, (int Template, int[] Words)[] Sentences, int Closer);

    public Comment NewComment(Random random)
    {
        var count = random.NextDouble() switch { < 0.3 => 1, < 0.65 => 2, < 0.9 => 3, _ => 4 };
        var sentences = new (int, int[])[count];
        for (var s = 0; s < count; s++)
        {
            var template = random.Next(s_templates.Length);
            sentences[s] = (template, [.. s_slots[template].Select(slot => random.Next(PoolSize(slot.Pos)))]);
        }

        return new Comment(random.Next(s_openers.Length), sentences, random.Next(s_closers.Length));
    }

    /// <summary>
    /// The same comment with key words drawn again: exactly one when <paramref name="fraction"/> is 0, otherwise each
    /// with that probability (at least one). Template, endings, opener and closer stay.
    /// </summary>
    public Comment Redraw(Comment comment, double fraction, Random random)
    {
        var sentences = comment.Sentences.Select(s => (s.Template, Words: (int[])s.Words.Clone())).ToArray();
        var slots = sentences.SelectMany((s, i) => s.Words.Select((_, j) => (i, j))).ToArray();
        var changed = 0;
        foreach (var (i, j) in slots)
        {
            if (fraction > 0 && random.NextDouble() < fraction)
            {
                changed += RedrawWord(sentences[i], j, random) ? 1 : 0;
            }
        }

        while (changed == 0)
        {
            var (i, j) = slots[random.Next(slots.Length)];
            changed += RedrawWord(sentences[i], j, random) ? 1 : 0;
        }

        return comment with { Sentences = sentences };
    }

    private bool RedrawWord((int Template, int[] Words) sentence, int slot, Random random)
    {
        var pool = PoolSize(s_slots[sentence.Template][slot].Pos);
        var old = sentence.Words[slot];
        sentence.Words[slot] = (old + 1 + random.Next(pool - 1)) % pool;
        return true;
    }

    public List<Piece> Render(Comment comment)
    {
        var pieces = new List<Piece>();
        if (s_openers[comment.Opener].Length > 0)
        {
            pieces.Add(new Piece(s_openers[comment.Opener] + " ", false));
        }

        foreach (var (template, words) in comment.Sentences)
        {
            RenderSentence(s_templates[template], s_slots[template], words, pieces);
            pieces.Add(new Piece(" ", false));
        }

        pieces.Add(new Piece(s_closers[comment.Closer], false));
        return pieces;
    }

    public static string Text(IEnumerable<Piece> pieces)
    {
        var sb = new StringBuilder();
        foreach (var p in pieces)
        {
            sb.Append(p.Text);
        }

        return sb.ToString().Trim();
    }

    private void RenderSentence(string template, (char Pos, string Form)[] slots, int[] words, List<Piece> pieces)
    {
        var slot = 0;
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                pieces.Add(new Piece(template[at..], false));
                return;
            }

            if (open > at)
            {
                pieces.Add(new Piece(template[at..open], false));
            }

            var (key, tail) = Inflect(slots[slot].Pos, slots[slot].Form, words[slot]);
            pieces.Add(new Piece(key, true));
            if (tail.Length > 0)
            {
                pieces.Add(new Piece(tail, false));
            }

            slot++;
            at = template.IndexOf('}', open) + 1;
        }
    }

    /// <summary>The slot word in its form: the word itself (with its ending) is the key piece, a particle or auxiliary the tail.</summary>
    private (string Key, string Tail) Inflect(char pos, string form, int word)
    {
        switch (pos)
        {
            case 'D':
                return (words.Adverbs[word], "");
            case 'N':
                var noun = words.Nouns[word];
                return (noun, form switch
                {
                    "topic" => Hangul.Particle(noun, "은", "는"),
                    "subj" => Hangul.Particle(noun, "이", "가"),
                    "obj" => Hangul.Particle(noun, "을", "를"),
                    "with" => Hangul.Particle(noun, "과", "와"),
                    "ro" => Hangul.Particle(noun, "으로", "로"),
                    "loc" => "에서",
                    "gen" => "의",
                    "to" => "에",
                    "copula" => Hangul.Particle(noun, "이에요", "예요"),
                    _ => throw new InvalidOperationException(form),
                });
            default:
                var p = pos == 'V' ? words.Verbs[word] : words.Adjectives[word];
                var past = Hangul.Past(p.Eo);
                return form switch
                {
                    "formal" => (Hangul.Formal(p.Stem), ""),
                    "casual" => (p.Eo + "요", ""),
                    "pastformal" => (past + "습니다", ""),
                    "pastcasual" => (past + "어요", ""),
                    "ne" => (Hangul.DropRieul(p.Stem) + "네요", ""),
                    "go" => (p.Stem + "고", ""),
                    "mod" => (pos == 'V' ? Hangul.VerbModifier(p.Stem) : p.Modifier, ""),
                    "dago" => (p.Stem + "다고", ""),
                    "neunde" => ((pos == 'V' ? Hangul.VerbModifier(p.Stem) : p.Modifier) + "데", ""),
                    "pastneunde" => (past + "는데", ""),
                    "want" => (p.Stem + "고", " 싶어요"),
                    "should" => (p.Eo + "야", " 해요"),
                    "try" => (p.Eo, " 보세요"),
                    "hope" => (past + "으면", " 좋겠어요"),
                    "gi" => (p.Stem + "기", ""),
                    _ => throw new InvalidOperationException(form),
                };
        }
    }

    private int PoolSize(char pos) => pos switch
    {
        'N' => words.Nouns.Count,
        'V' => words.Verbs.Count,
        'A' => words.Adjectives.Count,
        _ => words.Adverbs.Count,
    };

    private static (char Pos, string Form)[] ParseSlots(string template)
    {
        var slots = new List<(char, string)>();
        for (var at = template.IndexOf('{'); at >= 0; at = template.IndexOf('{', at + 1))
        {
            var body = template[(at + 1)..template.IndexOf('}', at)];
            slots.Add((body[0], body.Length > 2 ? body[2..] : ""));
        }

        return [.. slots];
    }
}
