namespace ForumApp.Dedup.Evaluation;

/// <summary>A verb or adjective: its stem, its 아/어 form and (adjectives) its modifier form.</summary>
/// <param name="Stem">The dictionary form without 다 (먹, 만들, 어렵).</param>
/// <param name="Eo">The 아/어 form (먹어, 만들어, 어려워), from which past and polite forms are built.</param>
/// <param name="Modifier">The form before a noun (어려운); verbs leave it empty and use <see cref="Hangul.VerbModifier"/>.</param>
public sealed record Predicate(string Stem, string Eo, string Modifier);

/// <summary>
/// The words the Korean corpus is built from. The default is <c>KoreanWords.txt</c> (several hundred common nouns,
/// verbs, adjectives and adverbs across topics, shipped with this project); <see cref="Parse"/> reads another list in
/// the same format, so the engine can be measured on a vocabulary it was never tuned on.
/// </summary>
public sealed class KoreanLexicon
{
    private static readonly Lazy<KoreanLexicon> s_default = new(() =>
    {
        using var stream = typeof(KoreanLexicon).Assembly.GetManifestResourceStream("ForumApp.Dedup.Evaluation.KoreanWords.txt")
            ?? throw new InvalidOperationException("KoreanWords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    private KoreanLexicon(string[] nouns, Predicate[] verbs, Predicate[] adjectives, string[] adverbs)
    {
        Nouns = nouns;
        Verbs = verbs;
        Adjectives = adjectives;
        Adverbs = adverbs;
    }

    /// <summary>The project's own vocabulary (KoreanWords.txt).</summary>
    public static KoreanLexicon Default => s_default.Value;

    /// <summary>Nouns.</summary>
    public IReadOnlyList<string> Nouns { get; }

    /// <summary>Verbs.</summary>
    public IReadOnlyList<Predicate> Verbs { get; }

    /// <summary>Adjectives.</summary>
    public IReadOnlyList<Predicate> Adjectives { get; }

    /// <summary>Adverbs.</summary>
    public IReadOnlyList<string> Adverbs { get; }

    /// <summary>
    /// Reads a word list: lines starting with N (nouns), V (verbs as STEM:아/어-FORM), A (adjectives as
    /// STEM:아/어-FORM:MODIFIER) or D (adverbs), words separated by spaces; '#' starts a comment. Duplicates are dropped.
    /// </summary>
    public static KoreanLexicon Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nouns = new List<string>();
        var verbs = new List<Predicate>();
        var adjectives = new List<Predicate>();
        var adverbs = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim().Normalize();
            if (line.Length < 2)
            {
                continue;
            }

            foreach (var word in line[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = word.Split(':');
                switch (line[0])
                {
                    case 'N': nouns.Add(word); break;
                    case 'D': adverbs.Add(word); break;
                    case 'V' when parts.Length == 2: verbs.Add(new Predicate(parts[0], parts[1], "")); break;
                    case 'A' when parts.Length == 3: adjectives.Add(new Predicate(parts[0], parts[1], parts[2])); break;
                    default: throw new FormatException($"Bad word list entry '{word}' on a line starting with '{line[0]}'.");
                }
            }
        }

        if (nouns.Count < 2 || verbs.Count < 2 || adjectives.Count < 2 || adverbs.Count < 2)
        {
            throw new FormatException("A word list needs at least two nouns, verbs, adjectives and adverbs.");
        }

        return new KoreanLexicon([.. nouns.Distinct()], [.. verbs.DistinctBy(v => v.Stem)], [.. adjectives.DistinctBy(a => a.Stem)], [.. adverbs.Distinct()]);
    }
}
