using System.Text;

namespace ForumApp.Core.Search;

/// <summary>
/// A parsed search query: the runs of its words (see <see cref="SearchText"/>), every one of which a result must
/// contain. A syllabic run is the phrase of its bigrams (a single syllable: the words that start with it); a word run
/// is a prefix. Written out for SQLite FTS5 (<see cref="ToFts5"/>) and PostgreSQL (<see cref="ToTsQuery"/>) so that
/// both find the same set.
/// </summary>
public sealed class SearchQuery
{
    /// <summary>The longest query accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>At most this many distinct terms are used; more are ignored.</summary>
    public const int MaxTerms = 12;

    private SearchQuery(string text, IReadOnlyList<SearchRun> terms)
    {
        Text = text;
        Terms = terms;
    }

    /// <summary>The query as typed (trimmed).</summary>
    public string Text { get; }

    /// <summary>The distinct runs every result contains.</summary>
    public IReadOnlyList<SearchRun> Terms { get; }

    /// <summary>
    /// Parses <paramref name="text"/>; refuses (with a Korean reason) an empty query, one longer than
    /// <see cref="MaxLength"/> characters, and one without a letter or a digit.
    /// </summary>
    public static bool TryParse(string? text, out SearchQuery query, out string refusal)
    {
        query = new SearchQuery("", []);
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            refusal = "검색어를 입력해 주세요.";
            return false;
        }

        if (trimmed.Length > MaxLength)
        {
            refusal = $"검색어는 {MaxLength}자까지 입력할 수 있습니다.";
            return false;
        }

        var terms = SearchText.Runs(trimmed).Distinct().Take(MaxTerms).ToList();
        if (terms.Count == 0)
        {
            refusal = "검색어에 글자나 숫자가 없습니다.";
            return false;
        }

        refusal = "";
        query = new SearchQuery(trimmed, terms);
        return true;
    }

    /// <summary>The FTS5 MATCH expression: every term, a phrase of bigrams or a prefix.</summary>
    public string ToFts5()
    {
        var parts = Terms.Select(term => term.Kind == SearchRunKind.Word
            ? $"\"{term.Value}\"*"
            : Quote(Bigrams(term.Value), "\"", " ", "\""));
        return string.Join(" AND ", parts);
    }

    /// <summary>The PostgreSQL tsquery text (for <c>to_tsquery('simple', …)</c>): the same terms, the same meaning.</summary>
    public string ToTsQuery()
    {
        var parts = Terms.Select(term => term.Kind == SearchRunKind.Word
            ? $"'{term.Value}':*"
            : "(" + string.Join(" <-> ", Bigrams(term.Value).Select(b => $"'{b}'")) + ")");
        return string.Join(" & ", parts);
    }

    // Tokens hold only letters and digits, so quoting needs no escapes.
    private static IEnumerable<string> Bigrams(string run) => run.Length == 1
        ? [run]
        : Enumerable.Range(0, run.Length - 1).Select(i => run.Substring(i, 2));

    private static string Quote(IEnumerable<string> tokens, string open, string separator, string close) =>
        new StringBuilder(open).AppendJoin(separator, tokens).Append(close).ToString();
}
