using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ForumApp.Web.Tests.Localization;

/// <summary>
/// Reads the web project's sources the way the localization convention is written (docs/localization.md): UI text is
/// <c>L["한국어"]</c> (or <c>L["…{0}…", n]</c>), a Korean text kept in code for later is <c>UiKeys.Of("…")</c>, a
/// validation message is <c>ErrorMessage = "…"</c>; the English of every key is in UiText.en.resx.
/// </summary>
internal static partial class UiSources
{
    public static string WebFolder => Path.Combine(TestEnvironment.RepoRoot, "src", "ForumApp.Web");

    public static string ResxPath => Path.Combine(WebFolder, "Localization", "UiText.en.resx");

    /// <summary>Every .razor file of the components and the C# files beside them.</summary>
    public static IEnumerable<string> ComponentFiles(params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(WebFolder, "Components"), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal);

    /// <summary>The C# files of the web project outside the components (endpoints, problem titles, refusals).</summary>
    public static IEnumerable<string> EdgeFiles() =>
        Directory.EnumerateFiles(WebFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, "Components", "obj", "bin", "Cli", "Live", "Localization"))
            .Order(StringComparer.Ordinal);

    /// <summary>Core and Data: the services' Korean outcome messages (keys that may have an English entry).</summary>
    public static IEnumerable<string> ServiceFiles() =>
        new[] { "ForumApp.Core", "ForumApp.Data" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static bool IsUnder(string file, params string[] folders)
    {
        var relative = Path.GetRelativePath(WebFolder, file).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 && folders.Contains(relative[0]);
    }

    /// <summary>The source without comments (Razor @* *@, HTML &lt;!-- --&gt;, C# // and /* */), lines kept.</summary>
    public static string WithoutComments(string source)
    {
        string Blank(Match m) => new string('\n', m.Value.Count(c => c == '\n'));
        source = RazorComment().Replace(source, Blank);
        source = HtmlComment().Replace(source, Blank);
        source = BlockComment().Replace(source, Blank);
        return LineComment().Replace(source, "");
    }

    /// <summary>The keys a source uses: L["…"], UiKeys.Of("…"), ErrorMessage = "…".</summary>
    public static IEnumerable<string> KeysIn(string source) =>
        KeyUse().Matches(WithoutComments(source)).Select(m => Unescape(m.Groups["key"].Value));

    /// <summary>The source with every key's text blanked out (what is left must hold no Korean).</summary>
    public static string WithoutKeys(string source) => KeyUse().Replace(WithoutComments(source), m => m.Value.Replace(m.Groups["key"].Value, "", StringComparison.Ordinal));

    /// <summary>
    /// Korean sentences in C# string literals (at least as many Hangul syllables as Latin words: an English summary
    /// that names "공감" is not one). An interpolated one as the key MessageLocalizer looks it up by: its holes and the numbers written in
    /// it become {0}, {1}, … in order ($"태그는 1자 이상 {max}자 이하" → "태그는 {0}자 이상 {1}자 이하").
    /// </summary>
    public static IEnumerable<string> KoreanLiterals(string source)
    {
        foreach (Match m in Literal().Matches(WithoutComments(source)))
        {
            var text = Unescape(m.Groups["text"].Value);
            if (m.Groups["dollar"].Success)
            {
                var index = 0;
                text = HoleOrNumber().Replace(text, _ => "{" + index++ + "}");
            }

            if (Hangul().IsMatch(text) && Hangul().Count(text) >= LatinWord().Count(text))
            {
                yield return text;
            }
        }
    }

    /// <summary>The English resource: key → value.</summary>
    public static IReadOnlyDictionary<string, string> English() =>
        XDocument.Load(ResxPath).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string Unescape(string text) => text.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex(@"[\uAC00-\uD7A3\u1100-\u11FF\u3131-\u318E]")]
    public static partial Regex Hangul();

    [GeneratedRegex(@"(?:\bL\[|UiKeys\.Of\(|ErrorMessage\s*=\s*)""(?<key>(?:[^""\\\n]|\\.)*)""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@"(?<dollar>\$)?""(?<text>(?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\{[^{}]*\}|\d[\d,]*\d|\d")]
    private static partial Regex HoleOrNumber();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    // A // comment: at the start of a line or after whitespace (never the // of "https://" inside a string).
    [GeneratedRegex(@"(?m)(?:^|\s)//.*$")]
    private static partial Regex LineComment();
}
