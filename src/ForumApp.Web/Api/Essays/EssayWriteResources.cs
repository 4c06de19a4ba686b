using ForumApp.Core.Essays;
using ForumApp.Data.Essays;

namespace ForumApp.Web.Api.Essays;

/// <summary>A new essay, or changes to one (on an update, an absent field keeps what the essay has).</summary>
/// <param name="Title">At most 200 characters, one line.</param>
/// <param name="BodyMarkdown">Markdown, at most 200,000 characters.</param>
/// <param name="Tags">Topic labels, at most 5, each at most 30 characters.</param>
public sealed record EssayWriteRequest(string? Title, string? BodyMarkdown, IReadOnlyList<string>? Tags);

/// <summary>Publishing: set <paramref name="AcknowledgeDuplicate"/> (or <c>?force=true</c>) to publish past the duplicate warning.</summary>
public sealed record PublishEssayRequest(bool? AcknowledgeDuplicate);

/// <summary>Why a moderator takes an essay down (optional, at most 500 characters; kept in the audit log).</summary>
public sealed record UnpublishEssayRequest(string? Reason);

/// <summary>An essay as its author writes it: where it stands and which revision it is at.</summary>
/// <param name="Id">The essay's id.</param>
/// <param name="Status">"draft", "published" or "unpublished".</param>
/// <param name="Revision">The current revision.</param>
/// <param name="Title">Its title.</param>
/// <param name="Slug">Its slug (from the title).</param>
/// <param name="Path">Its page.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="RevisionCreated">True when this write made a new revision.</param>
/// <param name="Overlaps">For a publish past the warning: the published essays it overlaps, now queued for moderators.</param>
public sealed record EssayWriteResource(
    int Id, string Status, int Revision, string Title, string Slug, string Path, IReadOnlyList<string> Tags, bool RevisionCreated,
    IReadOnlyList<EssayOverlapView> Overlaps)
{
    /// <summary>From a successful write.</summary>
    public static EssayWriteResource From(EssayOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var e = outcome.Essay!;
        return new EssayWriteResource(e.Id, EssayResources.StatusName(e.Status), e.Revision, e.Title, e.Slug, EssayLinks.Path(e.Id, e.Slug),
            outcome.Tags, outcome.RevisionCreated, outcome.Overlaps);
    }
}

/// <summary>A revision in an essay's history.</summary>
public sealed record EssayRevisionListItem(int Number, DateTime CreatedAt, string Title);

/// <summary>One revision's text, with its paragraphs (stable ids).</summary>
public sealed record EssayRevisionResource(
    int EssayId, int Number, DateTime CreatedAt, string Title, string BodyMarkdown, string BodyHtml, IReadOnlyList<RevisionParagraphResource> Paragraphs);

/// <summary>A paragraph of a revision.</summary>
public sealed record RevisionParagraphResource(int Id, int Number, string Markdown, string Html);

/// <summary>What the essay editor holds and has not saved: kept on the server for its writer only.</summary>
/// <param name="Title">The title as typed.</param>
/// <param name="BodyMarkdown">The text as typed.</param>
/// <param name="Tags">The tags field as typed ("AI 민주화, 오픈소스").</param>
/// <param name="UpdatedAt">When it was saved (UTC); null in a request.</param>
public sealed record EditorDraftResource(string? Title, string? BodyMarkdown, string? Tags, DateTime? UpdatedAt);
