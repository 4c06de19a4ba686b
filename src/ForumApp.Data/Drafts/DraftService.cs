using ForumApp.Core;
using ForumApp.Core.Drafts;
using ForumApp.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Drafts;

/// <summary>What a draft holds when it is saved.</summary>
/// <param name="Body">The text as typed.</param>
/// <param name="Title">A title, for places that have one.</param>
/// <param name="Extra">Other fields of the form, as the form stores them (at most <see cref="DraftService.MaxExtraLength"/> characters).</param>
public sealed record DraftContent(string Body, string? Title = null, string? Extra = null);

/// <summary>
/// Saves and restores drafts: one per person and place, replaced on every save (a person has one draft per place, not a
/// pile), removed when what it was for is posted. Only the person who writes a draft reads it. Drafts are not
/// published on the change feed: nobody else sees them.
/// </summary>
public sealed class DraftService(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The longest draft body: an essay's limit, with room for what a composer may hold before it is trimmed.</summary>
    public const int MaxBodyLength = 250_000;

    /// <summary>The longest draft title.</summary>
    public const int MaxTitleLength = 1_000;

    /// <summary>The longest extra part.</summary>
    public const int MaxExtraLength = 4_000;

    /// <summary>The person's draft for <paramref name="place"/>, or null.</summary>
    public async Task<Draft?> GetAsync(string userId, string place, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.UserId == userId && d.Place == place, cancellationToken);
    }

    /// <summary>The person's drafts, newest first.</summary>
    public async Task<IReadOnlyList<Draft>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Drafts.AsNoTracking().Where(d => d.UserId == userId).OrderByDescending(d => d.UpdatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Saves the person's draft for <paramref name="place"/>, replacing the one before. Saving empty text removes the
    /// draft. The text is kept as typed (NFC); the posting rules apply when it is posted, not here, so nothing typed is
    /// refused except what no form could hold.
    /// </summary>
    public async Task<SimpleOutcome> SaveAsync(string userId, string place, DraftContent content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(content);
        if (!DraftPlaces.IsValid(place))
        {
            return SimpleOutcome.Refuse(OutcomeKind.Invalid, "임시 저장할 곳이 올바르지 않습니다.", ProblemTypes.InvalidRequest);
        }

        if (content.Body.Length > MaxBodyLength || content.Title?.Length > MaxTitleLength || content.Extra?.Length > MaxExtraLength)
        {
            return SimpleOutcome.Refuse(OutcomeKind.Invalid, "임시 저장하기에는 글이 너무 깁니다.", ProblemTypes.InvalidRequest);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A composer saves every few seconds while someone writes: behind the write gate, like every write, so a save
        // and a post take turns instead of sleeping on SQLITE_BUSY.
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.UserId == userId && d.Place == place, cancellationToken);
        if (string.IsNullOrWhiteSpace(content.Body) && string.IsNullOrWhiteSpace(content.Title))
        {
            if (draft is not null)
            {
                db.Drafts.Remove(draft);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return SimpleOutcome.Ok();
        }

        if (draft is null)
        {
            draft = new Draft { UserId = userId, Place = place, Body = "" };
            db.Drafts.Add(draft);
        }

        draft.Body = TextNormalizer.ToStoredForm(content.Body);
        draft.Title = content.Title is null ? null : TextNormalizer.ToStoredForm(content.Title);
        draft.Extra = content.Extra;
        draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (draft.Id == 0)
        {
            // Two saves of a new draft raced (two tabs, or two nodes): the other one made the row; save into it.
            await transaction.DisposeAsync();
            return await SaveAsync(userId, place, content, cancellationToken);
        }

        return SimpleOutcome.Ok();
    }

    /// <summary>Removes the person's draft for <paramref name="place"/> (posted, or thrown away).</summary>
    public async Task DeleteAsync(string userId, string place, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.Drafts.Where(d => d.UserId == userId && d.Place == place).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
