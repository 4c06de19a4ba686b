using ForumApp.Data.Comments;
using ForumApp.Data.Moderation;
using ForumApp.Web.Auth;
using ForumApp.Web.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.Moderation;

/// <summary>
/// The moderation API (<c>/api/moderation</c>) and the readers' flag endpoint. Moderator or admin, by the site cookie
/// (writes need the antiforgery header, as in the comment API) or a personal token; everyone else, anonymous included,
/// gets 403 problem+json (<see cref="ModerationAreaAttribute"/>). The services re-check the role in the database.
/// Refusals that come from the comments' state (already merged, deleted, undone, dismissed) are 409 like concurrent
/// conflicts: the remedy is the same, reload and look again (docs/moderation.md).
/// </summary>
public static class ModerationEndpoints
{
    /// <summary>Maps the moderation API and <c>POST /api/comments/{id}/flags</c>.</summary>
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/moderation").WithTags("Moderation")
            .RequireAuthorization(ForumAuth.ModeratorPolicy)
            .WithMetadata(new ModerationAreaAttribute())
            .ProducesProblem(StatusCodes.Status403Forbidden);
        var writes = api.MapGroup("").AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/duplicates", DuplicatesAsync).WithName("GetDuplicateClusters")
            .WithSummary("Open duplicate suggestions grouped into clusters; the canonical is the earliest complete member.");
        writes.MapPost("/duplicates/dismiss", DismissAsync).WithName("DismissDuplicates")
            .WithSummary("Not duplicates: the open pairs among these comments are dismissed and never suggested again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/merges", MergesAsync).WithName("GetMerges").WithSummary("Recent merges, newest first (the import's included).");
        writes.MapPost("/merges", MergeAsync).WithName("MergeComments")
            .WithSummary("Folds memberIds into canonicalId; returns the merge's id. 409 when another moderator got there first or the comments' state forbids it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapDelete("/merges/{id:int}", UnmergeAsync).WithName("UnmergeComments")
            .WithSummary("Undoes a merge, restoring exactly the state before it. 409 when already undone or changed since.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/comments/{id:int}/restore", RestoreAsync).WithName("RestoreComment")
            .WithSummary("Makes a deleted comment visible again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/flags", FlagsAsync).WithName("GetOpenFlags").WithSummary("Open flags, oldest first.");
        writes.MapPost("/flags/{id:int}/resolve", (int id, HttpContext http, FlagService flags, CancellationToken ct) => CloseFlagAsync(id, false, http, flags, ct))
            .WithName("ResolveFlag").WithSummary("Closes a flag as handled.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/flags/{id:int}/dismiss", (int id, HttpContext http, FlagService flags, CancellationToken ct) => CloseFlagAsync(id, true, http, flags, ct))
            .WithName("DismissFlag").WithSummary("Closes a flag as needing nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/audit", AuditAsync).WithName("GetAuditLog")
            .WithSummary("The audit log, newest first: filter by action, actor (login name or id), from/to (ISO 8601), page (50 per page).");
        writes.MapPost("/scans", StartScanAsync).WithName("StartDuplicateScan")
            .WithSummary("Starts a duplicate scan of every essay in the background (202); 409 when one is running.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/scans/current", (DuplicateScanJob job) => TypedResults.Ok(job.Status)).WithName("GetDuplicateScan")
            .WithSummary("The running or latest scan: progress and summary.");

        routes.MapPost("/api/comments/{id:int}/flags", FlagAsync)
            .WithTags("Comments")
            .WithName("FlagComment")
            .WithSummary("Flags a comment for moderators (reason duplicate, spam or offTopic; note up to 1000 characters).")
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Ok<List<ClusterResource>>> DuplicatesAsync([FromQuery] int? essayId, DuplicateQueueService queue, CancellationToken cancellationToken)
    {
        var clusters = await queue.GetDuplicateClustersAsync(essayId, cancellationToken: cancellationToken);
        return TypedResults.Ok(clusters.Select(c => new ClusterResource(
            c.EssayId,
            c.Cluster.CanonicalId,
            c.Cluster.CommentIds,
            c.Cluster.Kind.ToString().ToLowerInvariant(),
            c.Cluster.Score,
            c.Sources,
            c.Cluster.SuggestionIds,
            [.. c.Members.Select(m => new ClusterMemberResource(m.CommentId, m.AuthorName, m.CreatedAt, m.BodyMarkdown, m.ParentId, m.Diff?.Identical ?? true))])).ToList());
    }

    private static async Task<Results<Ok<DismissedResource>, ProblemHttpResult>> DismissAsync(DismissRequest request, HttpContext http, DuplicateQueueService queue, CancellationToken cancellationToken)
    {
        var outcome = await queue.DismissAsync(http.User.UserId()!, request.CommentIds ?? [], cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(new DismissedResource(outcome.Id ?? 0)) : http.Problem(outcome);
    }

    private static async Task<Ok<List<MergeResource>>> MergesAsync(DuplicateQueueService queue, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queue.GetRecentMergesAsync(100, cancellationToken)).Select(m => new MergeResource(
            m.Id, m.EssayId, m.CanonicalId, m.FoldedIds, m.MovedReplies, m.MergedBy, m.MergedAt, m.Reason, m.UndoneBy, m.UndoneAt)).ToList());

    private static async Task<Results<Created<CreatedResource>, ProblemHttpResult>> MergeAsync(MergeRequest request, HttpContext http, MergeService merges, CancellationToken cancellationToken)
    {
        var outcome = await merges.MergeAsync(http.User.UserId()!, request.CanonicalId, request.MemberIds, request.Reason, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/moderation/merges/{outcome.Id}", new CreatedResource(outcome.Id!.Value))
            : http.Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnmergeAsync(int id, HttpContext http, MergeService merges, CancellationToken cancellationToken)
    {
        var outcome = await merges.UnmergeAsync(http.User.UserId()!, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : http.Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RestoreAsync(int id, HttpContext http, CommentService comments, CancellationToken cancellationToken)
    {
        var outcome = await comments.RestoreAsync(http.User.ToActor()!, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : http.Problem(outcome);
    }

    private static async Task<Ok<List<FlagResource>>> FlagsAsync(FlagService flags, CancellationToken cancellationToken) =>
        TypedResults.Ok((await flags.GetOpenFlagsAsync(200, cancellationToken)).Select(f => new FlagResource(
            f.Id, f.CommentId, f.EssayId, f.Reason, f.Note, f.ReporterName, f.CreatedAt)).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> CloseFlagAsync(int id, bool dismiss, HttpContext http, FlagService flags, CancellationToken cancellationToken)
    {
        var outcome = await flags.ResolveFlagAsync(http.User.UserId()!, id, dismiss, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : http.Problem(outcome);
    }

    private static async Task<Results<Ok<AuditPageResource>, ProblemHttpResult>> AuditAsync(
        [FromQuery] string? action,
        [FromQuery] string? actor,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? page,
        AuditLogService audit,
        CancellationToken cancellationToken)
    {
        if (page is < 1)
        {
            return ApiConventions.BadRequest("page는 1 이상이어야 합니다.");
        }

        var result = await audit.GetAuditAsync(new AuditQuery(action, actor, from?.UtcDateTime, to?.UtcDateTime, page ?? 1), cancellationToken);
        return TypedResults.Ok(new AuditPageResource(result.Page, result.PageSize, result.Total, [.. result.Entries.Select(e =>
            new AuditEntryResource(e.Id, e.At, e.Actor, e.ActorName, e.Action, e.Target, e.EssayId, e.Before, e.After))]));
    }

    private static async Task<Results<Accepted<ScanStatus>, ProblemHttpResult>> StartScanAsync(HttpContext http, DuplicateScanJob job, CancellationToken cancellationToken)
    {
        var outcome = await job.TryStartAsync(http.User.UserId()!, cancellationToken);
        return outcome.Succeeded ? TypedResults.Accepted("/api/moderation/scans/current", job.Status) : http.Problem(outcome);
    }

    private static async Task<Results<Created<CreatedResource>, ProblemHttpResult>> FlagAsync(int id, FlagRequest request, HttpContext http, FlagService flags, CancellationToken cancellationToken)
    {
        var outcome = await flags.FlagAsync(http.User.UserId()!, id, request.Reason, request.Note, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/comments/{id}/flags/{outcome.Id}", new CreatedResource(outcome.Id!.Value)) : http.Problem(outcome);
    }
}
