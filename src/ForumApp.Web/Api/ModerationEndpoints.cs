using System.Security.Claims;
using ForumApp.Core.Moderation;
using ForumApp.Data.Moderation;
using ForumApp.Web.Auth;
using ForumApp.Web.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api;

/// <summary>Merge duplicates into <see cref="CanonicalId"/>.</summary>
/// <param name="CanonicalId">The comment to keep.</param>
/// <param name="MemberIds">The duplicates to fold into it.</param>
/// <param name="Reason">Why, for the audit log (optional).</param>
public sealed record MergeRequest(int CanonicalId, IReadOnlyList<int>? MemberIds, string? Reason);

/// <summary>The comments a moderator says are not duplicates of one another.</summary>
public sealed record DismissRequest(IReadOnlyList<int>? CommentIds);

/// <summary>A reader's flag.</summary>
/// <param name="Reason">duplicate, spam or offTopic.</param>
/// <param name="Note">At most 1000 characters.</param>
public sealed record FlagRequest(FlagReason? Reason, string? Note);

/// <summary>A created merge or flag.</summary>
public sealed record CreatedResource(int Id);

/// <summary>How many suggested pairs were dismissed.</summary>
public sealed record DismissedResource(int Dismissed);

/// <summary>A member of a duplicate cluster.</summary>
public sealed record ClusterMemberResource(int Id, string Author, DateTime CreatedAt, string BodyMarkdown, int? ParentId, bool IdenticalToCanonical);

/// <summary>A duplicate cluster of the queue.</summary>
public sealed record ClusterResource(
    int EssayId,
    int CanonicalId,
    IReadOnlyList<int> CommentIds,
    string Kind,
    double Score,
    IReadOnlyList<string> Sources,
    IReadOnlyList<int> SuggestionIds,
    IReadOnlyList<ClusterMemberResource> Members);

/// <summary>A merge, done or undone.</summary>
public sealed record MergeResource(int Id, int EssayId, int CanonicalId, IReadOnlyList<int> MemberIds, int MovedReplies, string MergedBy, DateTime MergedAt, string? Reason, string? UndoneBy, DateTime? UndoneAt);

/// <summary>An open flag.</summary>
public sealed record FlagResource(int Id, int CommentId, int EssayId, FlagReason Reason, string? Note, string Reporter, DateTime CreatedAt);

/// <summary>An audit entry; before and after are JSON text.</summary>
public sealed record AuditEntryResource(long Id, DateTime At, string Actor, string ActorName, string Action, string Target, int? EssayId, string? Before, string? After);

/// <summary>A page of the audit log, newest first.</summary>
public sealed record AuditPageResource(int Page, int PageSize, int Total, IReadOnlyList<AuditEntryResource> Entries);

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
        var writes = api.MapGroup("").AddEndpointFilter(CommentEndpoints.RequireAntiforgeryForCookies)
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
        writes.MapPost("/flags/{id:int}/resolve", (int id, ClaimsPrincipal user, ModerationService moderation, CancellationToken ct) => CloseFlagAsync(id, false, user, moderation, ct))
            .WithName("ResolveFlag").WithSummary("Closes a flag as handled.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/flags/{id:int}/dismiss", (int id, ClaimsPrincipal user, ModerationService moderation, CancellationToken ct) => CloseFlagAsync(id, true, user, moderation, ct))
            .WithName("DismissFlag").WithSummary("Closes a flag as needing nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/audit", AuditAsync).WithName("GetAuditLog")
            .WithSummary("The audit log, newest first: filter by action, actor (login name or id), from/to (ISO 8601), page (50 per page).");
        writes.MapPost("/scans", StartScan).WithName("StartDuplicateScan")
            .WithSummary("Starts a duplicate scan of every essay in the background (202); 409 when one is running.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/scans/current", (DuplicateScanJob job) => TypedResults.Ok(job.Status)).WithName("GetDuplicateScan")
            .WithSummary("The running or latest scan: progress and summary.");

        routes.MapPost("/api/comments/{id:int}/flags", FlagAsync)
            .WithTags("Comments")
            .WithName("FlagComment")
            .WithSummary("Flags a comment for moderators (reason duplicate, spam or offTopic; note up to 1000 characters).")
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .AddEndpointFilter(CommentEndpoints.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Ok<List<ClusterResource>>> DuplicatesAsync([FromQuery] int? essayId, ModerationService moderation, CancellationToken cancellationToken)
    {
        var clusters = await moderation.GetDuplicateClustersAsync(essayId, cancellationToken: cancellationToken);
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

    private static async Task<Results<Ok<DismissedResource>, ProblemHttpResult>> DismissAsync(DismissRequest request, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        var outcome = await moderation.DismissAsync(user.UserId()!, request.CommentIds ?? [], cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(new DismissedResource(outcome.Id ?? 0)) : Problem(outcome);
    }

    private static async Task<Ok<List<MergeResource>>> MergesAsync(ModerationService moderation, CancellationToken cancellationToken) =>
        TypedResults.Ok((await moderation.GetRecentMergesAsync(100, cancellationToken)).Select(m => new MergeResource(
            m.Id, m.EssayId, m.CanonicalId, m.FoldedIds, m.MovedReplies, m.MergedBy, m.MergedAt, m.Reason, m.UndoneBy, m.UndoneAt)).ToList());

    private static async Task<Results<Created<CreatedResource>, ProblemHttpResult>> MergeAsync(MergeRequest request, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        if (request.MemberIds is null || request.MemberIds.Count == 0 || request.CanonicalId <= 0 || request.MemberIds.Any(id => id <= 0))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "남길 댓글(canonicalId)과 합칠 댓글(memberIds)을 주세요.");
        }

        if (request.Reason is { Length: > 200 })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "사유는 200자 이하로 써 주세요.");
        }

        var outcome = await moderation.MergeAsync(user.UserId()!, request.CanonicalId, request.MemberIds, request.Reason, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/moderation/merges/{outcome.Id}", new CreatedResource(outcome.Id!.Value))
            : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnmergeAsync(int id, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        var outcome = await moderation.UnmergeAsync(user.UserId()!, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RestoreAsync(int id, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        var outcome = await moderation.RestoreAsync(user.UserId()!, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Problem(outcome);
    }

    private static async Task<Ok<List<FlagResource>>> FlagsAsync(ModerationService moderation, CancellationToken cancellationToken) =>
        TypedResults.Ok((await moderation.GetOpenFlagsAsync(200, cancellationToken)).Select(f => new FlagResource(
            f.Id, f.CommentId, f.EssayId, f.Reason, f.Note, f.ReporterName, f.CreatedAt)).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> CloseFlagAsync(int id, bool dismiss, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        var outcome = await moderation.ResolveFlagAsync(user.UserId()!, id, dismiss, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Problem(outcome);
    }

    private static async Task<Results<Ok<AuditPageResource>, ProblemHttpResult>> AuditAsync(
        [FromQuery] string? action,
        [FromQuery] string? actor,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] int? page,
        ModerationService moderation,
        CancellationToken cancellationToken)
    {
        if (page is < 1)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "page는 1 이상이어야 합니다.");
        }

        var result = await moderation.GetAuditAsync(new AuditQuery(action, actor, from?.UtcDateTime, to?.UtcDateTime, page ?? 1), cancellationToken);
        return TypedResults.Ok(new AuditPageResource(result.Page, result.PageSize, result.Total, [.. result.Entries.Select(e =>
            new AuditEntryResource(e.Id, e.At, e.Actor, e.ActorName, e.Action, e.Target, e.EssayId, e.Before, e.After))]));
    }

    private static async Task<Results<Accepted<ScanStatus>, ProblemHttpResult>> StartScan(ClaimsPrincipal user, ModerationService moderation, DuplicateScanJob job, CancellationToken cancellationToken)
    {
        if (!await moderation.IsModeratorAsync(user.UserId(), cancellationToken))
        {
            return Problem(new ModerationOutcome(ModerationOutcomeKind.Forbidden, "운영자만 할 수 있는 일입니다."));
        }

        return job.TryStart(user.UserId()!)
            ? TypedResults.Accepted("/api/moderation/scans/current", job.Status)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "이미 검사가 진행 중입니다.");
    }

    private static async Task<Results<Created<CreatedResource>, ProblemHttpResult>> FlagAsync(int id, FlagRequest request, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        if (request.Reason is not FlagReason reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "신고 이유(reason: duplicate, spam, offTopic)를 주세요.");
        }

        var outcome = await moderation.FlagAsync(user.UserId()!, id, reason, request.Note, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/comments/{id}/flags/{outcome.Id}", new CreatedResource(outcome.Id!.Value)) : Problem(outcome);
    }

    private static ProblemHttpResult Problem(ModerationOutcome outcome) => outcome.Kind switch
    {
        ModerationOutcomeKind.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: outcome.Message),
        ModerationOutcomeKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: outcome.Message),
        ModerationOutcomeKind.Forbidden => TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden, title: outcome.Message, type: "https://forumapp.dev/problems/moderators-only"),
        ModerationOutcomeKind.Conflict => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: outcome.Message, type: "https://forumapp.dev/problems/merge-conflict"),
        ModerationOutcomeKind.Refused => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: outcome.Message, type: "https://forumapp.dev/problems/moderation-refused"),
        _ => throw new InvalidOperationException($"No problem for {outcome.Kind}."),
    };
}
