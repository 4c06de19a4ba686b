using System.Security.Claims;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Comments;
using ForumApp.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api;

/// <summary>A new comment: its Markdown and, for a reply to a comment, the parent's id.</summary>
/// <param name="Body">Markdown, at most 20,000 characters.</param>
/// <param name="ParentId">The comment answered; null or absent for a reply to the essay.</param>
/// <param name="AcknowledgeDuplicate">True to post despite the near-duplicate warning (same as <c>?force=true</c>).</param>
public sealed record PostCommentRequest(string? Body, int? ParentId, bool? AcknowledgeDuplicate);

/// <summary>New text for a comment.</summary>
public sealed record EditCommentRequest(string? Body);

/// <summary>One version of a comment's text.</summary>
public sealed record RevisionResource(int Revision, string Author, DateTime CreatedAt, string BodyMarkdown);

/// <summary>A visible comment that resembles the posted text.</summary>
public sealed record NearDuplicateResource(int CommentId, double Score);

/// <summary>The antiforgery token a cookie-authenticated script sends in <see cref="HeaderName"/>.</summary>
public sealed record AntiforgeryTokenResource(string Token, string HeaderName);

/// <summary>
/// The write API for comments. Authenticated by the site cookie or a personal token; the composer on the essay page
/// calls the same <see cref="CommentService"/>.
/// </summary>
public static class CommentEndpoints
{
    /// <summary>Maps POST/PUT/DELETE of comments, their revision history and the antiforgery-token helper.</summary>
    public static IEndpointRouteBuilder MapCommentApi(this IEndpointRouteBuilder routes)
    {
        var writes = routes.MapGroup("/api").WithTags("Comments")
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .AddEndpointFilter(RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        writes.MapPost("/essays/{id:int}/comments", PostAsync)
            .WithName("PostComment")
            .WithSummary("Posts a reply to the essay or to one of its comments. 409 for the duplicate rules; 429 when rate-limited.")
            .RequireRateLimiting(RateLimits.Post)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        writes.MapPut("/comments/{id:int}", EditAsync)
            .WithName("EditComment")
            .WithSummary("Replaces the text of your own comment; the previous text stays in its revision history.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        writes.MapDelete("/comments/{id:int}", DeleteAsync)
            .WithName("DeleteComment")
            .WithSummary("Deletes your comment (moderators: any comment). A tombstone keeps its place for the replies.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/api/comments/{id:int}/revisions", RevisionsAsync)
            .WithTags("Comments")
            .WithName("GetCommentRevisions")
            .WithSummary("Every revision of a comment, oldest first: who, when, the Markdown.")
            .RequireRateLimiting(RateLimits.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/api/account/antiforgery-token", (IAntiforgery antiforgery, HttpContext http) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new AntiforgeryTokenResource(tokens.RequestToken!, tokens.HeaderName!));
            })
            .WithTags("Account")
            .WithName("GetAntiforgeryToken")
            .WithSummary("For scripts that write with the site cookie: send the token in the named header. Token clients need none.")
            .RequireAuthorization();

        return routes;
    }

    private static async Task<Results<Created<CommentResource>, ProblemHttpResult>> PostAsync(
        int id,
        PostCommentRequest request,
        [FromQuery] bool? force,
        ClaimsPrincipal user,
        CommentService comments,
        CancellationToken cancellationToken)
    {
        var outcome = await comments.PostAsync(
            user.ToActor()!, id, request.ParentId, request.Body, force == true || request.AcknowledgeDuplicate == true, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/comments/{outcome.Comment!.Id}", Resource(outcome.Comment))
            : Problem(outcome);
    }

    private static async Task<Results<Ok<CommentResource>, ProblemHttpResult>> EditAsync(
        int id,
        EditCommentRequest request,
        ClaimsPrincipal user,
        CommentService comments,
        CancellationToken cancellationToken)
    {
        var outcome = await comments.EditAsync(user.ToActor()!, id, request.Body, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(Resource(outcome.Comment!)) : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id,
        ClaimsPrincipal user,
        CommentService comments,
        CancellationToken cancellationToken)
    {
        var outcome = await comments.DeleteAsync(user.ToActor()!, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Problem(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<RevisionResource>>, ProblemHttpResult>> RevisionsAsync(
        int id,
        ClaimsPrincipal user,
        CommentService comments,
        CancellationToken cancellationToken)
    {
        var history = await comments.GetRevisionsAsync(id, user.ToActor(), cancellationToken);
        if (history is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "댓글을 찾을 수 없습니다", detail: $"There is no comment with id {id}.");
        }

        IReadOnlyList<RevisionResource> list = [.. history.Revisions.Select(r => new RevisionResource(r.Number, r.AuthorName, r.CreatedAt, r.BodyMarkdown))];
        return TypedResults.Ok(list);
    }

    private static CommentResource Resource(Comment comment) =>
        CommentResource.From(new CommentNode(comment, comment.Author?.DisplayName ?? Author.UnknownDisplayName, 0, [], 0, 0));

    private static ProblemHttpResult Problem(CommentOutcome outcome) => outcome.Kind switch
    {
        CommentOutcomeKind.Invalid => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: outcome.Message,
            type: "https://forumapp.dev/problems/invalid-comment",
            extensions: new Dictionary<string, object?> { ["rule"] = outcome.Problem?.ToString() }),
        CommentOutcomeKind.EssayNotFound or CommentOutcomeKind.CommentNotFound => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound, title: outcome.Message),
        CommentOutcomeKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: outcome.Message),
        CommentOutcomeKind.Duplicate => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: outcome.Message,
            detail: $"The same text was posted as comment {outcome.EarlierCommentId} within 24 hours.",
            type: "https://forumapp.dev/problems/duplicate-comment",
            extensions: new Dictionary<string, object?> { ["earlierCommentId"] = outcome.EarlierCommentId }),
        CommentOutcomeKind.NearDuplicate => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: outcome.Message,
            detail: "Resend with acknowledgeDuplicate=true (or ?force=true) to post anyway; the pair is then queued for moderators.",
            type: "https://forumapp.dev/problems/near-duplicate-comment",
            extensions: new Dictionary<string, object?>
            {
                ["matches"] = outcome.Matches.Select(m => new NearDuplicateResource(m.CommentId, m.Score)).ToList(),
            }),
        CommentOutcomeKind.NotEditable => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: outcome.Message),
        _ => throw new InvalidOperationException($"No problem for {outcome.Kind}."),
    };

    /// <summary>
    /// A cookie rides along with any cross-site request, a Bearer header never does: writes authenticated by the cookie
    /// must carry the antiforgery token (header <c>RequestVerificationToken</c>); token-authenticated writes need none.
    /// </summary>
    internal static async ValueTask<object?> RequireAntiforgeryForCookies(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.User.IsTokenAuthenticated())
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "위조 방지 토큰이 없거나 올바르지 않습니다",
                    detail: "Requests authenticated by the site cookie must send the token from GET /api/account/antiforgery-token "
                        + "in the RequestVerificationToken header, or authenticate with Authorization: Bearer.",
                    type: "https://forumapp.dev/problems/antiforgery");
            }
        }

        return await next(context);
    }
}
