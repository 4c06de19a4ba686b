using ForumApp.Core.Comments;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Comments;

/// <summary>
/// A simple stand-in for the dedup engine's online index: compares the character bigrams of the new text's comparison
/// key with those of every visible comment of the essay (Jaccard similarity). Linear in the essay's comments, which is
/// fine for threads of a few thousand; the MinHash engine replaces it by registering another
/// <see cref="INearDuplicateFinder"/>.
/// </summary>
public sealed class BigramNearDuplicateFinder(IDbContextFactory<ForumDbContext> dbFactory) : INearDuplicateFinder
{
    /// <summary>Similarity from which two texts count as near-duplicates.</summary>
    public const double Threshold = 0.8;

    /// <summary>Keys shorter than this only match when identical: a few characters say too little.</summary>
    public const int MinimumKeyLength = 10;

    /// <summary>At most this many matches are reported.</summary>
    public const int MaxMatches = 5;

    public async Task<IReadOnlyList<NearDuplicateMatch>> FindAsync(
        int essayId,
        string text,
        int? excludeCommentId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = TextNormalizer.ToComparisonKey(text);
        if (key.Length == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Comments.AsNoTracking()
            .Where(c => c.EssayId == essayId && c.Status == CommentStatus.Visible && c.Id != (excludeCommentId ?? 0))
            .Select(c => new { c.Id, c.BodyMarkdown })
            .ToListAsync(cancellationToken);

        var bigrams = Bigrams(key);
        var matches = new List<NearDuplicateMatch>();
        foreach (var candidate in candidates)
        {
            var otherKey = TextNormalizer.ToComparisonKey(candidate.BodyMarkdown);
            double score;
            if (string.Equals(key, otherKey, StringComparison.Ordinal))
            {
                score = 1.0;
            }
            else if (key.Length < MinimumKeyLength || otherKey.Length < MinimumKeyLength)
            {
                continue;
            }
            else
            {
                score = Jaccard(bigrams, Bigrams(otherKey));
            }

            if (score >= Threshold)
            {
                matches.Add(new NearDuplicateMatch(candidate.Id, score));
            }
        }

        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.CommentId).Take(MaxMatches)];
    }

    /// <summary>Nothing to do: every search reads the essay's comments from the database.</summary>
    public Task CommentChangedAsync(int essayId, int commentId, string? visibleText, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <summary>Jaccard similarity of two sets: shared over all.</summary>
    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 && b.Count == 0)
        {
            return 1.0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>The set of two-character pieces of a comparison key.</summary>
    public static HashSet<string> Bigrams(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < key.Length; i++)
        {
            set.Add(key.Substring(i, 2));
        }

        if (key.Length == 1)
        {
            set.Add(key);
        }

        return set;
    }
}
