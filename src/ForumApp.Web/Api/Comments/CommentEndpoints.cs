using System.Security.Claims;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Comments;
using ForumApp.Data.Reactions;
using ForumApp.Web.Api.Essays;
using ForumApp.Web.Auth;
using ForumApp.Web.Posting;
using ForumApp.Web.RateLimiting;
using ForumApp.Data.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Api.Comments;

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
            .AddEndpointFilter(ApiConventions.RequireAntiforgeryForCookies)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        writes.MapPost("/essays/{id:int}/comments", PostAsync)
            .WithName("PostComment")
            .WithSummary("Posts a reply to the essay or to one of its comments, optionally anchored to a paragraph (paragraphId) with a "
                + "stance (agree, disagree, question, addition). 409 for the duplicate rules; 429 when rate-limited.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        writes.MapPut("/comments/{id:int}", EditAsync)
            .WithName("EditComment")
            .WithSummary("Replaces the text (and, with stance, the stance) of your own comment; the previous version stays in its revision history.")
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
        HttpContext http,
        CommentService comments,
        PostingLimiter limiter,
        CancellationToken cancellationToken)
    {
        var stance = CommentStances.Parse(request.Stance);
        if (request.Stance is not null && stance is null)
        {
            return http.Problem(UnknownStance);
        }

        var options = new CommentPostOptions(force == true || request.AcknowledgeDuplicate == true, request.ParagraphId, stance);
        var outcome = await limiter.PostAsync(user.UserId()!, user.AccountCreated(), http.Connection.RemoteIpAddress?.ToString(), () => comments.PostAsync(
            user.ToActor()!, id, request.ParentId, request.Body, options, cancellationToken));
        return outcome.Succeeded
            ? TypedResults.Created($"/api/comments/{outcome.Comment!.Id}", Resource(outcome.Comment))
            : http.Problem(outcome);
    }

    private static async Task<Results<Ok<CommentResource>, ProblemHttpResult>> EditAsync(
        int id,
        EditCommentRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        CommentService comments,
        ReactionService reactions,
        CancellationToken cancellationToken)
    {
        var change = request.Stance switch
        {
            null => CommentEditOptions.KeepStance,
            "" or "none" => new CommentEditOptions(true, null),
            _ => CommentStances.Parse(request.Stance) is CommentStance stance ? new CommentEditOptions(true, stance) : null,
        };
        if (change is null)
        {
            return http.Problem(UnknownStance);
        }

        var outcome = await comments.EditAsync(user.ToActor()!, id, request.Body, change, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Ok(Resource(outcome.Comment!) with { ReactionCount = await reactions.CommentCountAsync(id, cancellationToken) })
            : http.Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id,
        ClaimsPrincipal user,
        HttpContext http,
        CommentService comments,
        CancellationToken cancellationToken)
    {
        var outcome = await comments.DeleteAsync(user.ToActor()!, id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : http.Problem(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<RevisionResource>>, ProblemHttpResult>> RevisionsAsync(
        int id,
        ClaimsPrincipal user,
        CommentQueries comments,
        CancellationToken cancellationToken)
    {
        var history = await comments.GetRevisionsAsync(id, user.ToActor(), cancellationToken);
        if (history is null)
        {
            return ApiConventions.NotFound("댓글을 찾을 수 없습니다", $"There is no comment with id {id}.");
        }

        IReadOnlyList<RevisionResource> list = [.. history.Revisions.Select(r => new RevisionResource(
            r.Number, r.AuthorName, r.CreatedAt, r.BodyMarkdown, r.Stance is CommentStance s ? CommentStances.Name(s) : null))];
        return TypedResults.Ok(list);
    }

    private static readonly CommentOutcome UnknownStance =
        new(Core.OutcomeKind.Invalid, CommentRules.Message(CommentProblem.UnknownStance), Core.ProblemTypes.InvalidComment) { Rule = CommentProblem.UnknownStance };

    private static CommentResource Resource(Comment comment) =>
        CommentResource.From(new CommentNode(comment, comment.Author?.DisplayName ?? Author.UnknownDisplayName, 0, [], 0, 0));
}
