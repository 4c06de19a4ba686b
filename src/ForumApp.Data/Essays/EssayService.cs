using ForumApp.Core;
using ForumApp.Core.Changes;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Core.Moderation;
using ForumApp.Core.Text;
using ForumApp.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Essays;

/// <summary>
/// Writes essays for their authors: create a draft, save it (a draft is saved in place; a published essay gets a new
/// revision, every revision kept, paragraph ids carried over), and publish it after the duplicate check. The editor and
/// the API call these same methods; who may do what is <see cref="EssayAccess"/>'s answer. Each write records
/// <see cref="ForumChange.EssayChanged"/> for the change feed. Moderators' actions are in <see cref="EssayModerationService"/>.
/// </summary>
public sealed class EssayService(
    IDbContextFactory<ForumDbContext> dbFactory,
    MarkdownRenderer markdown,
    EssayAccess access,
    TimeProvider clock)
{
    /// <summary>Creates a draft (revision 1) written by the actor; only its author and moderators see it until it is published.</summary>
    public async Task<EssayOutcome> CreateAsync(string userId, EssayInput input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await access.CanPublishAsync(db, userId, cancellationToken))
        {
            return EssayOutcome.From(EssayAccess.NotAnAuthor);
        }

        var (tags, problem) = EssayRules.NormalizeTags(input.Tags);
        if ((EssayRules.Check(input.Title, input.BodyMarkdown) ?? problem) is { } invalid)
        {
            return EssayOutcome.Invalid(invalid);
        }

        var author = await AuthorRows.EnsureAsync(db, userId, cancellationToken);
        if (author is null)
        {
            return EssayOutcome.From(EssayAccess.NotAnAuthor);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var title = StoredTitle(input.Title!);
        var body = TextNormalizer.ToStoredForm(input.BodyMarkdown!);
        if (!markdown.TryToSafeHtml(body, out var bodyHtml))
        {
            return EssayOutcome.Invalid(EssayProblem.BodyTooDeeplyNested);
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var essay = new Essay
        {
            Slug = Slug.From(title),
            Title = title,
            Lede = title, // a written essay has no separate lede: the list shows the start of its text
            BodyMarkdown = body,
            BodyHtml = bodyHtml,
            AuthorId = author.Id,
            PublishedAt = now,
            CreatedAt = now,
            Status = EssayStatus.Draft,
            Revision = 1,
        };
        db.Essays.Add(essay);
        await db.SaveChangesAsync(cancellationToken);
        await EssayRevisionWriter.AddAsync(db, markdown, essay, 1, now, [], cancellationToken);
        await EssayRevisionWriter.SetTagsAsync(db, essay.Id, tags, cancellationToken);
        db.RecordChange(ForumChange.EssayChanged(essay.Id, author.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        essay.Author = author;
        return EssayOutcome.Ok(essay, tags) with { RevisionCreated = true };
    }

    /// <summary>
    /// Saves the author's changes (null fields keep what the essay has). A draft changes in place; a published or
    /// unpublished essay whose title or text changed gets a new revision, its paragraphs keeping their ids where
    /// <see cref="ParagraphAlignment"/> says so. Tags alone make no revision. Saving what is already there changes nothing.
    /// </summary>
    public async Task<EssayOutcome> UpdateAsync(string userId, int essayId, EssayInput change, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(change);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essay = await db.Essays.Include(e => e.Author).FirstOrDefaultAsync(e => e.Id == essayId, cancellationToken);
        if (await OwnRefusalAsync(db, essay, userId, "자신이 쓴 에세이만 고칠 수 있습니다.", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var currentTags = (await db.EssayTags.Where(t => t.EssayId == essayId).Select(t => t.Name).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList();
        var (tags, problem) = EssayRules.NormalizeTags(change.Tags ?? currentTags);
        if ((EssayRules.Check(change.Title ?? essay!.Title, change.BodyMarkdown ?? essay!.BodyMarkdown) ?? problem) is { } invalid)
        {
            return EssayOutcome.Invalid(invalid);
        }

        var title = change.Title is null ? essay!.Title : StoredTitle(change.Title);
        var body = change.BodyMarkdown is null ? essay!.BodyMarkdown : TextNormalizer.ToStoredForm(change.BodyMarkdown);
        var textChanged = !string.Equals(title, essay!.Title, StringComparison.Ordinal) || !string.Equals(body, essay.BodyMarkdown, StringComparison.Ordinal);
        var tagsChanged = !tags.SequenceEqual(currentTags, StringComparer.Ordinal);
        var bodyHtml = essay.BodyHtml;
        if (change.BodyMarkdown is not null)
        {
            if (!markdown.TryToSafeHtml(body, out var rendered))
            {
                return EssayOutcome.Invalid(EssayProblem.BodyTooDeeplyNested);
            }

            bodyHtml = rendered;
        }

        if (!textChanged && !tagsChanged)
        {
            return EssayOutcome.Ok(essay, tags);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var revised = false;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (textChanged)
        {
            var before = await EssayRevisionWriter.ParagraphsOfAsync(db, essayId, essay.Revision, cancellationToken);
            if (string.Equals(essay.Lede, essay.Title, StringComparison.Ordinal))
            {
                essay.Lede = title;
            }

            essay.Title = title;
            essay.Slug = Slug.From(title);
            essay.BodyMarkdown = body;
            essay.BodyHtml = bodyHtml;
            if (essay.Status == EssayStatus.Draft)
            {
                // Nobody has answered a draft: its one revision is rewritten, its paragraph ids still carried over.
                await db.EssayParagraphs.Where(p => p.EssayId == essayId).ExecuteDeleteAsync(cancellationToken);
                await db.EssayRevisions.Where(r => r.EssayId == essayId).ExecuteDeleteAsync(cancellationToken);
            }
            else
            {
                essay.Revision++;
                essay.RevisedAt = now;
                revised = true;
            }

            await EssayRevisionWriter.AddAsync(db, markdown, essay, essay.Revision, now, before, cancellationToken);
        }

        if (tagsChanged)
        {
            await EssayRevisionWriter.SetTagsAsync(db, essayId, tags, cancellationToken);
        }

        db.RecordChange(ForumChange.EssayChanged(essayId, essay.AuthorId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EssayOutcome.Ok(essay, tags) with { RevisionCreated = revised };
    }

    /// <summary>
    /// Publishes the author's draft: on the list, with a slug from its title. An essay that duplicates or contains a
    /// published one is refused with the overlaps (<see cref="ProblemTypes.DuplicateEssay"/>) unless
    /// <paramref name="acknowledgeDuplicate"/>; then it is published and each pair is queued for moderators.
    /// </summary>
    public async Task<EssayOutcome> PublishAsync(string userId, int essayId, bool acknowledgeDuplicate = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var essay = await db.Essays.Include(e => e.Author).FirstOrDefaultAsync(e => e.Id == essayId, cancellationToken);
        if (await OwnRefusalAsync(db, essay, userId, "자신이 쓴 에세이만 게시할 수 있습니다.", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (essay!.Status != EssayStatus.Draft)
        {
            return EssayOutcome.State(essay.Status == EssayStatus.Published
                ? "이미 게시된 에세이입니다."
                : "운영진이 게시를 중단한 에세이는 운영진만 다시 게시할 수 있습니다.");
        }

        var overlaps = await OverlapsAsync(db, essay, cancellationToken);
        if (overlaps.Count > 0 && !acknowledgeDuplicate)
        {
            return new EssayOutcome(OutcomeKind.Conflict, "이미 게시된 에세이와 내용이 겹칩니다. 확인한 뒤에도 게시할 수 있습니다.", ProblemTypes.DuplicateEssay)
            {
                Overlaps = overlaps,
                Detail = "Resend with acknowledgeDuplicate=true (or ?force=true) to publish anyway; each pair is then queued for moderators.",
            };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        essay.Status = EssayStatus.Published;
        essay.PublishedAt = now;
        essay.Slug = Slug.From(essay.Title);
        db.EssayDuplicateSuggestions.AddRange(overlaps.Select(o => new EssayDuplicateSuggestion
        {
            EssayId = essayId,
            OtherEssayId = o.EssayId,
            Kind = o.Kind == "contains" ? EssayOverlapKind.Contains : EssayOverlapKind.Duplicate,
            Score = o.Score,
            Status = DuplicateSuggestionStatus.Open,
            CreatedAt = now,
        }));
        db.RecordChange(ForumChange.EssayChanged(essayId, essay.AuthorId), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var tags = await db.EssayTags.Where(t => t.EssayId == essayId).Select(t => t.Name).ToListAsync(cancellationToken);
        return EssayOutcome.Ok(essay, [.. tags.Order(StringComparer.Ordinal)]) with { Overlaps = overlaps };
    }

    // An account that may not write essays is told so first. Only the author writes an essay; someone else's draft or
    // unpublished essay is not found (moderators, who may see it, are forbidden), a published one forbidden.
    private async Task<EssayOutcome?> OwnRefusalAsync(ForumDbContext db, Essay? essay, string userId, string notOwn, CancellationToken cancellationToken)
    {
        if (!await access.CanPublishAsync(db, userId, cancellationToken))
        {
            return EssayOutcome.From(EssayAccess.NotAnAuthor);
        }

        if (essay is null)
        {
            return EssayOutcome.NotFound();
        }

        return EssayAccess.IsOwn(essay, userId) ? null
            : essay.Status == EssayStatus.Published || await RoleCheck.IsModeratorAsync(db, userId, cancellationToken) ? new EssayOutcome(OutcomeKind.Forbidden, notOwn)
            : EssayOutcome.NotFound();
    }

    private static async Task<IReadOnlyList<EssayOverlapView>> OverlapsAsync(ForumDbContext db, Essay essay, CancellationToken cancellationToken)
    {
        var mine = await EssayRevisionWriter.ParagraphsOfAsync(db, essay.Id, essay.Revision, cancellationToken);
        var rows = await (from p in db.EssayParagraphs.AsNoTracking()
                          join e in db.Essays on p.EssayId equals e.Id
                          where e.Status == EssayStatus.Published && e.Id != essay.Id && p.Revision == e.Revision
                          orderby p.EssayId, p.Position
                          select new { p.EssayId, p.Markdown }).ToListAsync(cancellationToken);
        var published = rows.GroupBy(r => r.EssayId).Select(g => new PublishedText(g.Key, [.. g.Select(r => r.Markdown)]));
        var found = EssayOverlapFinder.Find([.. mine.Select(p => p.Text)], published);
        if (found.Count == 0)
        {
            return [];
        }

        var ids = found.Select(f => f.EssayId).ToList();
        var titles = await db.Essays.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Title, e.Slug }).ToDictionaryAsync(e => e.Id, cancellationToken);
        return [.. found.Select(f => new EssayOverlapView(
            f.EssayId, titles[f.EssayId].Title, EssayLinks.Path(f.EssayId, titles[f.EssayId].Slug),
            f.Kind == EssayOverlapKind.Contains ? "contains" : "duplicate", Math.Round(f.Score, 3)))];
    }

    private static string StoredTitle(string title) => TextNormalizer.ToStoredForm(title).Trim();
}
