using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ForumApp.Data.Tests.Search;

/// <summary>The hand-written texts and queries of search-queries.tsv.</summary>
internal sealed partial class SearchCases
{
    public List<(string Label, string Text)> Texts { get; } = [];

    public List<(string Query, string[] Labels)> Queries { get; } = [];

    public static SearchCases Load()
    {
        var cases = new SearchCases();
        var section = "";
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Search", "search-queries.tsv"), Encoding.UTF8))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                section = line;
                continue;
            }

            var parts = Unescape(line).Split('\t');
            if (section == "[text]")
            {
                cases.Texts.Add((parts[0], parts[1]));
            }
            else
            {
                var query = parts[0].StartsWith("nfd:", StringComparison.Ordinal) ? parts[0][4..].Normalize(NormalizationForm.FormD) : parts[0];
                cases.Queries.Add((query, parts[1] == "-" ? [] : parts[1].Split(',')));
            }
        }

        return cases;
    }

    private static string Unescape(string line) =>
        Escape().Replace(line, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    [GeneratedRegex(@"\\u([0-9A-Fa-f]{4})")]
    private static partial Regex Escape();
}
