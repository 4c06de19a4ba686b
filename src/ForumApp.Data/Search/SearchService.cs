using ForumApp.Core;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Core.Search;
using ForumApp.Data.Changes;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Search;

/// <summary>What a result is.</summary>
public enum SearchHitKind
{
    /// <summary>A published essay (title or body matched).</summary>
    Essay,

    /// <summary>A visible comment.</summary>
    Comment,
}

/// <summary>One result.</summary>
/// <param name="Kind">Essay or comment.</param>
/// <param name="EssayId">The essay (of the comment).</param>
/// <param name="EssaySlug">The essay's slug, for its address.</param>
/// <param name="EssayTitle">The essay's title.</param>
/// <param name="CommentId">The comment; null for an essay.</param>
/// <param name="AuthorName">Who wrote it.</param>
/// <param name="At">When it was written (a comment) or published (an essay), UTC.</param>
/// <param name="SnippetHtml">An excerpt as safe HTML: encoded text with <c>&lt;mark&gt;</c> around the matches.</param>
public sealed record SearchHit(SearchHitKind Kind, int EssayId, string EssaySlug, string EssayTitle, int? CommentId, string AuthorName, DateTime At, string SnippetHtml);

/// <summary>One page of results.</summary>
/// <param name="Query">The query as typed (trimmed).</param>
/// <param name="Items">The results of the page, best first.</param>
/// <param name="TotalCount">How many results there are in all.</param>
/// <param name="Page">The page (1-based).</param>
/// <param name="PageSize">Results per page.</param>
public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Items, int TotalCount, int Page, int PageSize)
{
    /// <summary>How many pages there are (at least 1).</summary>
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>The results, or why the query was refused.</summary>
public sealed record SearchOutcome(OutcomeKind Kind, string Message, SearchResults? Results = null) : Outcome(Kind, Message, ProblemTypes.InvalidSearch);

/// <summary>
/// Answers searches over published essays and visible comments (docs/search.md): FTS5 on SQLite, the tsvector's GIN
/// index on PostgreSQL, the same query terms on both (<see cref="SearchQuery"/>). Ranked by bm25 (SQLite) or ts_rank
/// (PostgreSQL), newest first among equals. The page's essays and comments are read again when shown, so a document the
/// index still holds for an instant after its comment was deleted is left out.
/// </summary>
public sealed class SearchService(IDbContextFactory<ForumDbContext> dbFactory, ForumChangeFeed feed, DatabaseOptions options, MarkdownRenderer markdown)
{
    /// <summary>Results per page.</summary>
    public const int PageSize = 20;

    /// <summary>The last page that can be asked for.</summary>
    public const int MaxPage = 500;

    /// <summary>One page of results for <paramref name="text"/>; refuses an empty, too long or wordless query and a page out of range.</summary>
    public async Task<SearchOutcome> SearchAsync(string? text, int page = 1, CancellationToken cancellationToken = default)
    {
        if (!SearchQuery.TryParse(text, out var query, out var refusal))
        {
            return new SearchOutcome(OutcomeKind.Invalid, refusal);
        }

        if (page is < 1 or > MaxPage)
        {
            return new SearchOutcome(OutcomeKind.Invalid, $"페이지는 1부터 {MaxPage}까지입니다.");
        }

        await feed.SettledAsync(cancellationToken); // the index is written by a deferred listener: see what was committed before
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (total, rows) = await QueryAsync(db, query, (page - 1) * PageSize, cancellationToken);
        var items = await HydrateAsync(db, query, rows, cancellationToken);
        return new SearchOutcome(OutcomeKind.Ok, "", new SearchResults(query.Text, items, total, page, PageSize));
    }

    private async Task<(int Total, List<long> Ids)> QueryAsync(ForumDbContext db, SearchQuery query, int offset, CancellationToken cancellationToken)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var match = query.ToFts5();
            var total = await db.Database.SqlQuery<int>(
                $"SELECT count(*) AS \"Value\" FROM \"SearchIndex\" WHERE \"SearchIndex\" MATCH {match}").SingleAsync(cancellationToken);
            var ids = total <= offset ? [] : await db.Database.SqlQuery<long>(
                $"SELECT rowid AS \"Value\" FROM \"SearchIndex\" WHERE \"SearchIndex\" MATCH {match} ORDER BY bm25(\"SearchIndex\"), rowid DESC LIMIT {PageSize} OFFSET {offset}")
                .ToListAsync(cancellationToken);
            return (total, ids);
        }

        var tsquery = query.ToTsQuery();
        var count = await db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM \"SearchDocuments\" WHERE \"Vector\" @@ to_tsquery('simple', {tsquery})").SingleAsync(cancellationToken);
        var found = count <= offset ? [] : await db.Database.SqlQuery<long>(
            $"SELECT d.\"Id\" AS \"Value\" FROM \"SearchDocuments\" d, to_tsquery('simple', {tsquery}) q WHERE d.\"Vector\" @@ q ORDER BY ts_rank(d.\"Vector\", q) DESC, d.\"Id\" DESC LIMIT {PageSize} OFFSET {offset}")
            .ToListAsync(cancellationToken);
        return (count, found);
    }

    private async Task<IReadOnlyList<SearchHit>> HydrateAsync(ForumDbContext db, SearchQuery query, List<long> ids, CancellationToken cancellationToken)
    {
        var commentIds = ids.Where(id => id % 2 == 0).Select(id => (int)(id / 2)).ToList();
        var essayIds = ids.Where(id => id % 2 == 1).Select(id => (int)(id / 2)).ToList();
        var comments = await db.Comments.AsNoTracking()
            .Where(c => commentIds.Contains(c.Id) && c.Status == CommentStatus.Visible)
            .Join(db.Essays.Where(e => e.Status == EssayStatus.Published), c => c.EssayId, e => e.Id, (c, e) => new
            {
                c.Id, c.EssayId, e.Slug, e.Title, c.BodyMarkdown, c.CreatedAt,
                AuthorName = c.Author!.DisplayName,
            })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var essays = await db.Essays.AsNoTracking()
            .Where(e => essayIds.Contains(e.Id) && e.Status == EssayStatus.Published)
            .Select(e => new { e.Id, e.Slug, e.Title, e.BodyMarkdown, e.PublishedAt, AuthorName = e.Author!.DisplayName })
            .ToDictionaryAsync(e => e.Id, cancellationToken);

        var hits = new List<SearchHit>(ids.Count);
        foreach (var id in ids)
        {
            if (id % 2 == 0 && comments.TryGetValue((int)(id / 2), out var c))
            {
                hits.Add(new SearchHit(SearchHitKind.Comment, c.EssayId, c.Slug, c.Title, c.Id, c.AuthorName, c.CreatedAt,
                    SearchSnippet.Build(markdown.ToPlainText(c.BodyMarkdown), query)));
            }
            else if (id % 2 == 1 && essays.TryGetValue((int)(id / 2), out var e))
            {
                var body = markdown.ToPlainText(e.BodyMarkdown);
                var snippet = SearchSnippet.Matches(body, query).Count > 0 || SearchSnippet.Matches(e.Title, query).Count == 0
                    ? SearchSnippet.Build(body, query)
                    : SearchSnippet.Build(e.Title, query);
                hits.Add(new SearchHit(SearchHitKind.Essay, e.Id, e.Slug, e.Title, null, e.AuthorName, e.PublishedAt, snippet));
            }
        }

        return hits;
    }
}
