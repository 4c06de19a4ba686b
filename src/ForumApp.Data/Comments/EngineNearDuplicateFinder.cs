using System.Collections.Concurrent;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Dedup;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>
/// The near-duplicate check on post, backed by the dedup engine's online index (MinHash/LSH candidates verified by
/// edit similarity, with the negation and key-word guards; see docs/dedup.md). One index per essay, because the rule
/// compares a new comment with the visible comments of its own essay: a stock phrase repeated across a thousand
/// essays must not crowd the same essay's match out of the top results.
/// An essay's index is built from the database the first time a comment is checked there, then kept current as a
/// listener of the change feed: for every change that touches comments of a loaded essay it reads those comments'
/// status and text again and adds, replaces or removes them. That reading is done after the write's answer, in the
/// order the changes came (one at a time): the listener only queues the change, and a check first waits until every
/// change queued before it has been applied, so a comment is always compared with everything committed before it
/// (docs/performance.md, "Round 8").
/// </summary>
public sealed class EngineNearDuplicateFinder(IDbContextFactory<ForumDbContext> dbFactory, DedupOptions? options = null)
    : INearDuplicateFinder, IForumChangeListener, IDisposable
{
    private readonly ConcurrentDictionary<int, DuplicateIndex> _indexes = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentQueue<ForumChange> _pending = new();
    private readonly SemaphoreSlim _applying = new(1, 1);
    private long _queued;
    private long _applied;
    private int _worker; // 1 while a background worker is applying the queue

    /// <summary>How many essays have an index in memory.</summary>
    public int LoadedEssays => _indexes.Count;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NearDuplicateMatch>> FindAsync(int essayId, string text, int? excludeCommentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasWords(text))
        {
            return []; // "👍" and "🎉" share an empty key; only the exact same-author rule compares such texts
        }

        if (Volatile.Read(ref _applied) < Volatile.Read(ref _queued))
        {
            await ApplyPendingAsync(cancellationToken);
        }

        var index = await IndexOfAsync(essayId, cancellationToken);
        return [.. index.Check(text)
            .Where(m => m.Id != excludeCommentId)
            .Select(m => new NearDuplicateMatch((int)m.Id, m.Score))];
    }

    /// <inheritdoc />
    public Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        // An essay nobody has checked yet is loaded whole, with this change, on its first check.
        if (change.EssayId is not int essayId || !change.TouchesComments || !_indexes.ContainsKey(essayId))
        {
            return Task.CompletedTask;
        }

        _pending.Enqueue(change);
        Interlocked.Increment(ref _queued);
        if (Interlocked.CompareExchange(ref _worker, 1, 0) == 0)
        {
            _ = Task.Run(ApplyInBackgroundAsync, CancellationToken.None); // one worker at a time, not one per change
        }

        return Task.CompletedTask;
    }

    private async Task ApplyInBackgroundAsync()
    {
        try
        {
            do
            {
                await ApplyPendingAsync(CancellationToken.None);
                Volatile.Write(ref _worker, 0);

                // Again if a change was queued while this worker was finishing (its listener saw the worker running).
            }
            while (!_pending.IsEmpty && Interlocked.CompareExchange(ref _worker, 1, 0) == 0);
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down: nothing will check again.
        }
    }

    /// <summary>Applies every queued change, in order; returns once those queued before the call are applied.</summary>
    private async Task ApplyPendingAsync(CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            while (_pending.TryDequeue(out var change))
            {
                try
                {
                    await ApplyAsync(change);
                }
#pragma warning disable CA1031 // nobody awaits the listener's work: the index is dropped and loaded again on its next check
                catch (Exception)
#pragma warning restore CA1031
                {
                    _indexes.TryRemove(change.EssayId!.Value, out _);
                }

                Interlocked.Increment(ref _applied);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task ApplyAsync(ForumChange change)
    {
        if (!_indexes.TryGetValue(change.EssayId!.Value, out var index))
        {
            return;
        }

        var ids = change.CommentIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        var visible = new Dictionary<int, string>();
        await foreach (var (id, text) in VisibleTexts.For(db)(db, ids))
        {
            visible[id] = text;
        }

        foreach (var id in ids)
        {
            index.Remove(id);
            if (visible.TryGetValue(id, out var text) && HasWords(text))
            {
                index.Add(id, text);
            }
        }
    }

    // Compiled once: it runs after every post (docs/performance.md, "Where a post's time goes").
    private static readonly Queries.CompiledPerModel<Func<ForumDbContext, List<int>, IAsyncEnumerable<CommentText>>> VisibleTexts =
        new(() => EF.CompileAsyncQuery((ForumDbContext db, List<int> ids) => db.Comments.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Visible)
            .Select(c => new CommentText(c.Id, c.BodyMarkdown))));

    private sealed record CommentText(int Id, string Text);

    /// <summary>Forgets every loaded index (they are rebuilt from the database on their next check).</summary>
    public void Reset() => _indexes.Clear();

    private static bool HasWords(string text) => Core.Text.TextNormalizer.ToComparisonKey(text).Length > 0;

    /// <inheritdoc />
    public void Dispose()
    {
        _loading.Dispose();
        _applying.Dispose();
    }

    private async Task<DuplicateIndex> IndexOfAsync(int essayId, CancellationToken cancellationToken)
    {
        if (_indexes.TryGetValue(essayId, out var index))
        {
            return index;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_indexes.TryGetValue(essayId, out index))
            {
                return index;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var comments = await db.Comments.AsNoTracking()
                .Where(c => c.EssayId == essayId && c.Status == CommentStatus.Visible)
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.BodyMarkdown })
                .ToListAsync(cancellationToken);
            index = new DuplicateIndex(options, Math.Max(64, comments.Count));
            foreach (var c in comments.Where(c => HasWords(c.BodyMarkdown)))
            {
                index.Add(c.Id, c.BodyMarkdown);
            }

            _indexes[essayId] = index;
            return index;
        }
        finally
        {
            _loading.Release();
        }
    }
}
