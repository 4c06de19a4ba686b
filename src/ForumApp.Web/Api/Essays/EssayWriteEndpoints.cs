using System.Security.Claims;
using ForumApp.Core.Drafts;
using ForumApp.Data.Drafts;
using ForumApp.Data.Essays;
using ForumApp.Data.Queries;
using ForumApp.Web.Auth;
using ForumApp.Web.RateLimiting;
using ForumApp.Web.Reading;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.Essays;

/// <summary>
/// Writing essays through the API: create a draft, save it (a new revision once published), publish, and the moderators'
/// unpublish and restore; an essay's revisions; the editor's unsaved draft. The essay editor calls the same
/// <see cref="EssayService"/>. Authenticated by the site cookie (with the antiforgery header) or a personal token.
/// </summary>
public static class EssayWriteEndpoints
{
    /// <summary>Maps the essay write API and the revision reads.</summary>
    public static IEndpointRouteBuilder MapEssayWriteApi(this IEndpointRouteBuilder routes)
    {
        var writes = routes.MapGroup("/api/essays").WithTags("Essays")
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        writes.MapPost("/", CreateAsync).WithName("CreateEssay")
            .WithSummary("Creates a draft essay (revision 1) from {title, bodyMarkdown, tags?}. Authors, moderators and admins; every "
                + "commenter when Essays:AnyoneCanPublish is set. Only its author and moderators see it until it is published.");
        writes.MapPut("/{id:int}", UpdateAsync).WithName("UpdateEssay")
            .WithSummary("Saves {title?, bodyMarkdown?, tags?} on your essay: a draft changes in place; a published essay gets a new "
                + "revision (every revision is kept, unchanged paragraphs keep their ids).");
        writes.MapPost("/{id:int}/publish", PublishAsync).WithName("PublishEssay")
            .WithSummary("Publishes your draft. 409 duplicate-essay when it duplicates or contains a published essay: resend with "
                + "acknowledgeDuplicate=true (or ?force=true) to publish anyway; the pair is then queued for moderators.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/{id:int}/unpublish", UnpublishAsync).WithName("UnpublishEssay")
            .WithSummary("Moderators: takes a published essay off the list and away from readers (audited); its discussion is kept.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/{id:int}/restore", RestoreAsync).WithName("RestoreEssay")
            .WithSummary("Moderators: publishes an unpublished essay again (audited).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapGet("/draft", (HttpContext http, EssayAccess access, DraftService drafts, CancellationToken ct) => GetDraftAsync(http, DraftPlaces.NewEssay, access, drafts, ct))
            .WithName("GetNewEssayDraft").WithSummary("What your essay editor holds for a new essay and has not saved (204 when nothing).");
        writes.MapPost("/draft", (HttpContext http, EssayAccess access, DraftService drafts, CancellationToken ct) => SaveDraftAsync(http, DraftPlaces.NewEssay, access, drafts, ct))
            .WithName("SaveNewEssayDraft").WithSummary("Keeps what your essay editor holds for a new essay (JSON or a form: title, bodyMarkdown, tags).");
        writes.MapGet("/{id:int}/draft", (int id, HttpContext http, EssayAccess access, DraftService drafts, CancellationToken ct) => GetDraftAsync(http, DraftPlaces.EssayEdit(id), access, drafts, ct))
            .WithName("GetEssayEditDraft").WithSummary("Your unsaved edits of an essay (204 when nothing). They never become a revision until saved with PUT.");
        writes.MapPost("/{id:int}/draft", (int id, HttpContext http, EssayAccess access, DraftService drafts, CancellationToken ct) => SaveDraftAsync(http, DraftPlaces.EssayEdit(id), access, drafts, ct))
            .WithName("SaveEssayEditDraft").WithSummary("Keeps your unsaved edits of an essay (JSON or a form).");

        var reads = routes.MapGroup("/api/essays").WithTags("Essays").RequireRateLimiting(RateLimits.Read).CacheOutput(ReadingCache.Policy)
            .ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/{id:int}/revisions", RevisionsAsync).WithName("GetEssayRevisions")
            .WithSummary("Every revision of an essay, oldest first: number, when, title.");
        reads.MapGet("/{id:int}/revisions/{number:int}", RevisionAsync).WithName("GetEssayRevision")
            .WithSummary("One revision: its title, Markdown, HTML and paragraphs with their stable ids.");
        return routes;
    }

    private static async Task<Results<Created<EssayWriteResource>, ProblemHttpResult>> CreateAsync(
        EssayWriteRequest request, ClaimsPrincipal user, HttpContext http, EssayService essays, CancellationToken cancellationToken)
    {
        var outcome = await essays.CreateAsync(user.UserId()!, new EssayInput(request.Title, request.BodyMarkdown, request.Tags), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/essays/{outcome.Essay!.Id}", EssayWriteResource.From(outcome))
            : http.Problem(outcome);
    }

    private static async Task<Results<Ok<EssayWriteResource>, ProblemHttpResult>> UpdateAsync(
        int id, EssayWriteRequest request, ClaimsPrincipal user, HttpContext http, EssayService essays, CancellationToken cancellationToken) =>
        Written(http, await essays.UpdateAsync(user.UserId()!, id, new EssayInput(request.Title, request.BodyMarkdown, request.Tags), cancellationToken));

    private static async Task<Results<Ok<EssayWriteResource>, ProblemHttpResult>> PublishAsync(
        int id, [FromBody] PublishEssayRequest? request, [FromQuery] bool? force, ClaimsPrincipal user, HttpContext http, EssayService essays,
        CancellationToken cancellationToken) =>
        Written(http, await essays.PublishAsync(user.UserId()!, id, force == true || request?.AcknowledgeDuplicate == true, cancellationToken));

    private static async Task<Results<Ok<EssayWriteResource>, ProblemHttpResult>> UnpublishAsync(
        int id, [FromBody] UnpublishEssayRequest? request, ClaimsPrincipal user, HttpContext http, EssayModerationService moderation,
        CancellationToken cancellationToken) =>
        Written(http, await moderation.UnpublishAsync(user.UserId()!, id, request?.Reason, cancellationToken));

    private static async Task<Results<Ok<EssayWriteResource>, ProblemHttpResult>> RestoreAsync(
        int id, ClaimsPrincipal user, HttpContext http, EssayModerationService moderation, CancellationToken cancellationToken) =>
        Written(http, await moderation.RestoreAsync(user.UserId()!, id, cancellationToken));

    private static Results<Ok<EssayWriteResource>, ProblemHttpResult> Written(HttpContext http, EssayOutcome outcome) =>
        outcome.Succeeded ? TypedResults.Ok(EssayWriteResource.From(outcome)) : http.Problem(outcome);

    private static async Task<Results<Ok<IReadOnlyList<EssayRevisionListItem>>, ProblemHttpResult>> RevisionsAsync(
        int id, ClaimsPrincipal user, ReadingCache reading, EssayAccess access, EssayRevisionQueries revisions, CancellationToken cancellationToken)
    {
        if (await EssayEndpoints.ReadableAsync(id, reading, access, user, cancellationToken) is null)
        {
            return ApiConventions.NotFound("에세이를 찾을 수 없습니다", $"There is no essay with id {id}.");
        }

        IReadOnlyList<EssayRevisionListItem> list = [.. (await revisions.ListAsync(id, cancellationToken)).Select(r => new EssayRevisionListItem(r.Number, r.CreatedAt, r.Title))];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<EssayRevisionResource>, ProblemHttpResult>> RevisionAsync(
        int id, int number, ClaimsPrincipal user, ReadingCache reading, EssayAccess access, EssayRevisionQueries revisions, CancellationToken cancellationToken)
    {
        var revision = await EssayEndpoints.ReadableAsync(id, reading, access, user, cancellationToken) is null ? null : await revisions.GetAsync(id, number, cancellationToken);
        if (revision is null)
        {
            return ApiConventions.NotFound("판을 찾을 수 없습니다", $"Essay {id} has no revision {number} you may read.");
        }

        var r = revision.Revision;
        return TypedResults.Ok(new EssayRevisionResource(id, r.Number, r.CreatedAt, r.Title, r.BodyMarkdown, r.BodyHtml,
            [.. revision.Paragraphs.Select((p, i) => new RevisionParagraphResource(p.ParagraphId, i + 1, p.Markdown, p.Html))]));
    }

    private static async Task<Results<Ok<EditorDraftResource>, NoContent, ProblemHttpResult>> GetDraftAsync(
        HttpContext http, string place, EssayAccess access, DraftService drafts, CancellationToken cancellationToken)
    {
        if (!await access.CanPublishAsync(http.User.UserId(), cancellationToken))
        {
            return http.Problem(EssayAccess.NotAnAuthor);
        }

        var draft = await drafts.GetAsync(http.User.UserId()!, place, cancellationToken);
        return draft is null
            ? TypedResults.NoContent()
            : TypedResults.Ok(new EditorDraftResource(draft.Title, draft.Body, draft.Extra, draft.UpdatedAt));
    }

    // The editor's script sends the form with navigator.sendBeacon when the page is left (a form post with the
    // antiforgery field); API clients send JSON.
    private static async Task<Results<NoContent, ProblemHttpResult>> SaveDraftAsync(
        HttpContext http, string place, EssayAccess access, DraftService drafts, CancellationToken cancellationToken)
    {
        if (!await access.CanPublishAsync(http.User.UserId(), cancellationToken))
        {
            return http.Problem(EssayAccess.NotAnAuthor);
        }

        EditorDraftResource? draft;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            draft = new EditorDraftResource(form["title"], form["bodyMarkdown"], form["tags"], null);
        }
        else
        {
            draft = await http.Request.ReadFromJsonAsync<EditorDraftResource>(cancellationToken);
        }

        if (draft is null)
        {
            return ApiConventions.BadRequest("임시 저장할 내용이 없습니다");
        }

        var outcome = await drafts.SaveAsync(http.User.UserId()!, place, new DraftContent(draft.BodyMarkdown ?? "", draft.Title, draft.Tags), cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : http.Problem(outcome);
    }
}
