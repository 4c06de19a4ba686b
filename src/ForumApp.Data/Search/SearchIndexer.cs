using System.Data;
using System.Data.Common;
using System.Text;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Search;

/// <summary>How far a rebuild of the search index is.</summary>
/// <param name="Done">Documents written so far.</param>
/// <param name="Total">Documents to write (published essays and their visible comments).</param>
public sealed record SearchRebuildProgress(int Done, int Total);

/// <summary>
/// Writes the search index. As a deferred listener of the change feed it reads again, after committed changes, the
/// essays and comments they name and adds, replaces or removes their documents: a comment is found while it is
/// visible in a published essay; a merged copy, a deleted comment and everything of a draft or an unpublished essay
/// are not. Only the node that committed a change writes (<see cref="ForumChange.Relayed"/> changes are skipped): the
/// index lives in the shared database. <see cref="RebuildAsync"/> writes it again from scratch (the
/// <c>search rebuild</c> verb, and the first start on a database that has essays and no index yet).
/// </summary>
public sealed class SearchIndexer(IDbContextFactory<ForumDbContext> dbFactory, MarkdownRenderer markdown) : IDeferredChangeListener
{
    private const int Batch = 2_000;

    /// <inheritdoc />
    /// <remarks>
    /// The comments named by the batch's changes are written together, in one transaction: what a comment's document
    /// holds is read from the comment as it is now, so several changes of one comment need one write. An essay's change
    /// is handled in its place (the comments named before it are written first).
    /// </remarks>
    public async Task OnChangesAsync(IReadOnlyList<ForumChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var comments = new HashSet<int>();
        foreach (var change in changes.Where(c => !c.Relayed)) // the node that committed it writes the shared index
        {
            switch (change.Kind)
            {
                case ForumChangeKind.EssayChanged when change.EssayId is int essayId:
                    if (comments.Count > 0)
                    {
                        await IndexCommentsAsync(comments, cancellationToken);
                        comments.Clear();
                    }

                    await IndexEssayAsync(essayId, cancellationToken);
                    break;
                case ForumChangeKind.CommentPosted or ForumChangeKind.CommentEdited or ForumChangeKind.CommentDeleted
                    or ForumChangeKind.CommentRestored or ForumChangeKind.CommentsMerged or ForumChangeKind.CommentsUnmerged:
                    comments.UnionWith(change.CommentIds);
                    break;
                default:
                    break; // a rename changes no indexed text: author names are read when results are shown
            }
        }

        if (comments.Count > 0)
        {
            await IndexCommentsAsync(comments, cancellationToken);
        }
    }

    /// <summary>Writes the documents of <paramref name="commentIds"/> as they are now (removing those not to be found).</summary>
    public async Task IndexCommentsAsync(IReadOnlyCollection<int> commentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commentIds);
        var ids = commentIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Comments.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Visible)
            .Where(c => db.Essays.Any(e => e.Id == c.EssayId && e.Status == EssayStatus.Published))
            .Select(c => new { c.Id, c.EssayId, c.BodyMarkdown })
            .ToListAsync(cancellationToken);
        var documents = found.Select(c => CommentDocument(c.Id, c.EssayId, c.BodyMarkdown)).ToList();
        var gone = ids.Select(SearchDocument.ForComment).Except(documents.Select(d => d.Id)).ToList();

        await using var tx = await db.BeginWriteAsync(cancellationToken);
        await db.SearchDocuments.Where(d => gone.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
        await UpsertAsync(db, documents, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the essay's document as it is now and brings its comments' documents in step: all removed when the essay
    /// is not published; when it is, the visible comments that have no document get one and documents of comments no
    /// longer visible are removed. Comments already indexed are not read again (their own changes keep them current),
    /// so revising an essay with a large discussion costs two lists of ids, not a re-indexing of every comment.
    /// </summary>
    public async Task IndexEssayAsync(int essayId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essay = await db.Essays.AsNoTracking()
            .Where(e => e.Id == essayId)
            .Select(e => new { e.Id, e.Title, e.BodyMarkdown, e.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (essay?.Status != EssayStatus.Published)
        {
            await using var remove = await db.BeginWriteAsync(cancellationToken);
            await db.SearchDocuments.Where(d => d.EssayId == essayId).ExecuteDeleteAsync(cancellationToken);
            await remove.CommitAsync(cancellationToken);
            return;
        }

        var visible = (await db.Comments.AsNoTracking().Where(c => c.EssayId == essayId && c.Status == CommentStatus.Visible)
            .Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var stored = (await db.SearchDocuments.AsNoTracking().Where(d => d.EssayId == essayId && d.CommentId != null)
            .Select(d => d.CommentId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var missing = visible.Where(id => !stored.Contains(id)).Order().ToList();
        var gone = stored.Where(id => !visible.Contains(id)).Select(SearchDocument.ForComment).ToList();

        await using (var tx = await db.BeginWriteAsync(cancellationToken))
        {
            foreach (var chunk in gone.Chunk(Batch))
            {
                await db.SearchDocuments.Where(d => chunk.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            await UpsertAsync(db, [EssayDocument(essay.Id, essay.Title, essay.BodyMarkdown)], cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        foreach (var chunk in missing.Chunk(Batch))
        {
            var comments = await db.Comments.AsNoTracking().Where(c => chunk.Contains(c.Id) && c.Status == CommentStatus.Visible)
                .Select(c => new { c.Id, c.BodyMarkdown }).ToListAsync(cancellationToken);
            await using var tx = await db.BeginWriteAsync(cancellationToken);
            await UpsertAsync(db, [.. comments.Select(c => CommentDocument(c.Id, essayId, c.BodyMarkdown))], cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Empties the index and writes every published essay and visible comment again, in batches of its own
    /// transactions (readers see a partial index meanwhile). Returns how many documents were written.
    /// </summary>
    public async Task<int> RebuildAsync(IProgress<SearchRebuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var essays = await db.Essays.AsNoTracking().Where(e => e.Status == EssayStatus.Published)
            .Select(e => new { e.Id, e.Title, e.BodyMarkdown }).ToListAsync(cancellationToken);
        var published = essays.Select(e => e.Id).ToList();
        var visible = db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Visible && db.Essays.Any(e => e.Id == c.EssayId && e.Status == EssayStatus.Published));
        var total = essays.Count + await visible.CountAsync(cancellationToken);
        progress?.Report(new SearchRebuildProgress(0, total));

        await using (var tx = await db.BeginWriteAsync(cancellationToken))
        {
            await db.SearchDocuments.ExecuteDeleteAsync(cancellationToken);
            await UpsertAsync(db, [.. essays.Select(e => EssayDocument(e.Id, e.Title, e.BodyMarkdown))], cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        var done = essays.Count;
        progress?.Report(new SearchRebuildProgress(done, total));
        var after = 0;
        while (true)
        {
            var from = after;
            var comments = await visible.Where(c => c.Id > from).OrderBy(c => c.Id).Take(Batch * 5)
                .Select(c => new { c.Id, c.EssayId, c.BodyMarkdown }).ToListAsync(cancellationToken);
            if (comments.Count == 0)
            {
                break;
            }

            var documents = comments.Select(c => CommentDocument(c.Id, c.EssayId, c.BodyMarkdown)).ToList();
            await using (var tx = await db.BeginWriteAsync(cancellationToken))
            {
                await UpsertAsync(db, documents, cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }

            after = comments[^1].Id;
            done += comments.Count;
            progress?.Report(new SearchRebuildProgress(done, total));
        }

        return done;
    }

    /// <summary>Rebuilds the index when it is empty and there are published essays (an index added to a forum with content).</summary>
    public async Task<bool> BuildIfMissingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SearchDocuments.AnyAsync(cancellationToken) || !await db.Essays.AnyAsync(e => e.Status == EssayStatus.Published, cancellationToken))
        {
            return false;
        }

        await RebuildAsync(null, cancellationToken);
        return true;
    }

    private SearchDocument EssayDocument(int essayId, string title, string body) => new()
    {
        Id = SearchDocument.ForEssay(essayId),
        EssayId = essayId,
        Tokens = SearchText.ToIndexText(title + "\n" + markdown.ToPlainText(body)),
    };

    private SearchDocument CommentDocument(int commentId, int essayId, string body) => new()
    {
        Id = SearchDocument.ForComment(commentId),
        EssayId = essayId,
        CommentId = commentId,
        Tokens = SearchText.ToIndexText(markdown.ToPlainText(body)),
    };

    // One statement per batch, the same SQL on both databases: a document written again replaces the stored one (on
    // SQLite the triggers move the FTS5 entry with it; on PostgreSQL the tsvector column is generated).
    private static async Task UpsertAsync(ForumDbContext db, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        foreach (var chunk in documents.Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO \"SearchDocuments\" (\"Id\", \"EssayId\", \"CommentId\", \"Tokens\") VALUES ");
            var parameters = new List<DbParameter>(chunk.Length * 4);
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append($"(@i{i}, @e{i}, @c{i}, @t{i})");
                parameters.Add(Parameter(connection, $"@i{i}", DbType.Int64, chunk[i].Id));
                parameters.Add(Parameter(connection, $"@e{i}", DbType.Int32, chunk[i].EssayId));
                parameters.Add(Parameter(connection, $"@c{i}", DbType.Int32, chunk[i].CommentId is int c ? c : DBNull.Value));
                parameters.Add(Parameter(connection, $"@t{i}", DbType.String, chunk[i].Tokens));
            }

            sql.Append(" ON CONFLICT (\"Id\") DO UPDATE SET \"EssayId\" = excluded.\"EssayId\", \"CommentId\" = excluded.\"CommentId\", \"Tokens\" = excluded.\"Tokens\"")
                .Append(" WHERE \"SearchDocuments\".\"Tokens\" <> excluded.\"Tokens\" OR \"SearchDocuments\".\"EssayId\" <> excluded.\"EssayId\"");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }

    private static DbParameter Parameter(DbConnection connection, string name, DbType type, object value)
    {
        using var command = connection.CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        return parameter;
    }
}
