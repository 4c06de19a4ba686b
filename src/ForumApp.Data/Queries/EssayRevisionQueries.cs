using ForumApp.Core.Essays;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Queries;

/// <summary>A revision in an essay's history list.</summary>
/// <param name="Number">1, 2, 3, …</param>
/// <param name="CreatedAt">When it was saved (UTC).</param>
/// <param name="Title">Its title.</param>
public sealed record EssayRevisionSummary(int Number, DateTime CreatedAt, string Title);

/// <summary>One revision of an essay with its paragraphs (stable ids), as the revision page and the API show it.</summary>
public sealed record EssayRevisionDetail(EssayRevision Revision, IReadOnlyList<EssayParagraph> Paragraphs);

/// <summary>Reads an essay's revisions. Whether the reader may see the essay at all is decided before (<c>EssayAccess</c>).</summary>
public sealed class EssayRevisionQueries(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>Every revision of the essay, oldest first (empty for an unknown essay).</summary>
    public async Task<IReadOnlyList<EssayRevisionSummary>> ListAsync(int essayId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EssayRevisions.AsNoTracking().Where(r => r.EssayId == essayId).OrderBy(r => r.Number)
            .Select(r => new EssayRevisionSummary(r.Number, r.CreatedAt, r.Title))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revision <paramref name="number"/> of the essay with its paragraphs, or null.</summary>
    public async Task<EssayRevisionDetail?> GetAsync(int essayId, int number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.EssayRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.EssayId == essayId && r.Number == number, cancellationToken);
        if (revision is null)
        {
            return null;
        }

        var paragraphs = await db.EssayParagraphs.AsNoTracking()
            .Where(p => p.EssayId == essayId && p.Revision == number)
            .OrderBy(p => p.Position)
            .ToListAsync(cancellationToken);
        return new EssayRevisionDetail(revision, paragraphs);
    }

    /// <summary>Every revision's full text, oldest first, for the history page's diffs.</summary>
    public async Task<IReadOnlyList<EssayRevision>> GetAllAsync(int essayId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EssayRevisions.AsNoTracking().Where(r => r.EssayId == essayId).OrderBy(r => r.Number).ToListAsync(cancellationToken);
    }
}
