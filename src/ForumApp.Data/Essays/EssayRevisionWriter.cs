using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Essays;

/// <summary>
/// Writes a revision of an essay with its paragraphs: the one way revisions and paragraph ids are stored, for the
/// essay service, the import, the sample generator and the start-up backfill of essays from before revisions.
/// </summary>
internal static class EssayRevisionWriter
{
    /// <summary>
    /// Adds revision <paramref name="number"/> of <paramref name="essay"/> (saved, so it has its id) from the essay's
    /// current title and text, its paragraphs split and rendered once, their ids carried over from <paramref name="before"/>
    /// (<see cref="ParagraphAlignment"/>). Returns the paragraphs added.
    /// </summary>
    internal static async Task<IReadOnlyList<EssayParagraph>> AddAsync(
        ForumDbContext db, MarkdownRenderer markdown, Essay essay, int number, DateTime at, IReadOnlyList<IdentifiedParagraph> before,
        CancellationToken cancellationToken)
    {
        var blocks = markdown.Blocks(essay.BodyMarkdown);
        var nextId = 1 + (await db.EssayParagraphs.Where(p => p.EssayId == essay.Id).MaxAsync(p => (int?)p.ParagraphId, cancellationToken) ?? 0);
        var ids = ParagraphAlignment.Assign(before, [.. blocks.Select(b => b.Markdown)], nextId);
        db.EssayRevisions.Add(new EssayRevision
        {
            EssayId = essay.Id,
            Number = number,
            Title = essay.Title,
            BodyMarkdown = essay.BodyMarkdown,
            BodyHtml = essay.BodyHtml,
            AuthorId = essay.AuthorId,
            CreatedAt = at,
        });
        var paragraphs = blocks.Select((b, i) => new EssayParagraph
        {
            EssayId = essay.Id,
            Revision = number,
            Position = i,
            ParagraphId = ids[i],
            Markdown = b.Markdown,
            Html = b.Html,
        }).ToList();
        db.EssayParagraphs.AddRange(paragraphs);
        return paragraphs;
    }

    /// <summary>The paragraphs of revision <paramref name="number"/>, in order, as the alignment takes them.</summary>
    internal static async Task<IReadOnlyList<IdentifiedParagraph>> ParagraphsOfAsync(ForumDbContext db, int essayId, int number, CancellationToken cancellationToken) =>
        await db.EssayParagraphs.AsNoTracking()
            .Where(p => p.EssayId == essayId && p.Revision == number)
            .OrderBy(p => p.Position)
            .Select(p => new IdentifiedParagraph(p.ParagraphId, p.Markdown))
            .ToListAsync(cancellationToken);

    /// <summary>Replaces the essay's tags with <paramref name="tags"/> (already normalized).</summary>
    internal static async Task SetTagsAsync(ForumDbContext db, int essayId, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        await db.EssayTags.Where(t => t.EssayId == essayId).ExecuteDeleteAsync(cancellationToken);
        db.EssayTags.AddRange(tags.Select(t => new EssayTag { EssayId = essayId, Name = t }));
    }

    /// <summary>
    /// Gives every essay stored before revisions existed its revision 1 and paragraph ids, from its text as it is
    /// (idempotent: essays that have a revision are left alone). Returns how many essays it wrote.
    /// </summary>
    internal static async Task<int> BackfillAsync(ForumDbContext db, MarkdownRenderer markdown, CancellationToken cancellationToken)
    {
        var missing = await db.Essays.Where(e => !db.EssayRevisions.Any(r => r.EssayId == e.Id)).ToListAsync(cancellationToken);
        var written = 0;
        foreach (var essay in missing)
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await AddAsync(db, markdown, essay, essay.Revision, essay.CreatedAt, [], cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                written++;
            }
            catch (DbUpdateException)
            {
                // Another node starting on the same database wrote this essay's revision first (unique number).
                db.ChangeTracker.Clear();
            }
        }

        return written;
    }
}
