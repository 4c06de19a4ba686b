using System.Collections.Concurrent;
using ForumApp.Core.Comments;
using ForumApp.Core.Dedup;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>
/// The near-duplicate check on post, backed by the dedup engine's online index (MinHash/LSH candidates verified by
/// edit similarity, with the negation and key-word guards; see docs/dedup.md). One index per essay, because the rule
/// compares a new comment with the visible comments of its own essay: a stock phrase repeated across a thousand
/// essays must not crowd the same essay's match out of the top results.
/// An essay's index is built from the database the first time a comment is checked there, then kept current through
/// <see cref="CommentChangedAsync"/>, which the comment and moderation services call after every change.
/// </summary>
public sealed class EngineNearDuplicateFinder(IDbContextFactory<ForumDbContext> dbFactory, DedupOptions? options = null) : INearDuplicateFinder, IDisposable
{
    private readonly ConcurrentDictionary<int, DuplicateIndex> _indexes = new();
    private readonly SemaphoreSlim _loading = new(1, 1);

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

        var index = await IndexOfAsync(essayId, cancellationToken);
        return [.. index.Check(text)
            .Where(m => m.Id != excludeCommentId)
            .Select(m => new NearDuplicateMatch((int)m.Id, m.Score))];
    }

    /// <inheritdoc />
    public Task CommentChangedAsync(int essayId, int commentId, string? visibleText, CancellationToken cancellationToken = default)
    {
        // An essay nobody has checked yet is loaded whole, with this change, on its first check.
        if (_indexes.TryGetValue(essayId, out var index))
        {
            index.Remove(commentId);
            if (visibleText is not null && HasWords(visibleText))
            {
                index.Add(commentId, visibleText);
            }
        }

        return Task.CompletedTask;
    }

    private static bool HasWords(string text) => Core.Text.TextNormalizer.ToComparisonKey(text).Length > 0;

    /// <inheritdoc />
    public void Dispose() => _loading.Dispose();

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
