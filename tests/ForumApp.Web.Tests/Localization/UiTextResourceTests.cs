using System.Text.RegularExpressions;

namespace ForumApp.Web.Tests.Localization;

/// <summary>
/// The English resource and the code agree: every key the UI uses has an English entry, every problem title of the
/// API has one, the English holds the same placeholders and no Korean, and no entry is left that nothing uses.
/// </summary>
public sealed partial class UiTextResourceTests
{
    // Keys seeded by the integrator for a feature of another branch (the header's search box), kept until it lands.
    private static readonly string[] s_pending = ["검색"];

    private static HashSet<string> UsedKeys() =>
        UiSources.ComponentFiles(".razor", ".cs").Concat(UiSources.EdgeFiles())
            .SelectMany(f => UiSources.KeysIn(File.ReadAllText(f)))
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> EdgeLiterals() =>
        UiSources.EdgeFiles().SelectMany(f => UiSources.KoreanLiterals(File.ReadAllText(f))).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_key_used_in_the_UI_has_an_English_entry()
    {
        var english = UiSources.English();
        var missing = UsedKeys().Where(k => !english.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Keys without English in UiText.en.resx:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_problem_title_and_refusal_written_at_the_edge_has_an_English_entry()
    {
        var english = UiSources.English();
        var missing = EdgeLiterals().Where(k => !english.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Korean text in endpoints without English in UiText.en.resx:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void No_English_entry_is_stale()
    {
        var known = UsedKeys().Concat(EdgeLiterals()).Concat(s_pending)
            .Concat(UiSources.ServiceFiles().SelectMany(f => UiSources.KoreanLiterals(File.ReadAllText(f))))
            .ToHashSet(StringComparer.Ordinal);
        var stale = UiSources.English().Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, "Entries nothing uses (remove them, or use the key):\n" + string.Join('\n', stale));
    }

    [Fact]
    public void English_entries_keep_the_placeholders_and_hold_no_Korean()
    {
        var wrong = new List<string>();
        foreach (var (key, value) in UiSources.English())
        {
            if (value.Length == 0 || UiSources.Hangul().IsMatch(value))
            {
                wrong.Add($"{key} → \"{value}\" (empty or Korean)");
            }

            var expected = Placeholders(key);
            if (!expected.SetEquals(Placeholders(value)))
            {
                wrong.Add($"{key} → \"{value}\" (placeholders {string.Join(",", expected)})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}
