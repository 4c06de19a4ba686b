using System.Globalization;
using System.Security.Claims;
using ForumApp.Core.Drafts;
using ForumApp.Core.Essays;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Drafts;
using ForumApp.Web.Auth;
using ForumApp.Web.Posting;
using ForumApp.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace ForumApp.Web.Composing;

/// <summary>What the composer's plain form sends.</summary>
public sealed class ComposerForm
{
    /// <summary>The text (Markdown).</summary>
    public string? Body { get; set; }

    /// <summary>The comment answered; none for a reply to the essay.</summary>
    public int? ParentId { get; set; }

    /// <summary>The own comment being edited.</summary>
    public int? EditId { get; set; }

    /// <summary>The comment to delete.</summary>
    public int? DeleteId { get; set; }

    /// <summary>True to post despite the near-duplicate warning.</summary>
    public bool? Acknowledge { get; set; }

    /// <summary>The essay paragraph a reply answers (issue 9).</summary>
    public int? ParagraphId { get; set; }

    /// <summary>agree, disagree, question or addition; empty for none (issue 9).</summary>
    public string? Stance { get; set; }
}

/// <summary>
/// The composer as a plain HTML form: the static page renders the composer's form with this endpoint as its action, so
/// a post sent before the composer's circuit started (or without JavaScript) is stored through the same limiter and
/// services as the interactive one. A stored post leads to its permalink; a refused one saves the text as the writer's
/// draft and goes back to the composer, which restores it and says why (<see cref="ComposerRefusal"/>). The
/// antiforgery token of the form is checked (form binding requires it).
/// </summary>
public static class ComposerFormEndpoints
{
    /// <summary>The form's action for essay <paramref name="essayId"/>.</summary>
    public static string Action(int essayId) => string.Create(CultureInfo.InvariantCulture, $"/essays/{essayId}/composer");

    /// <summary>Maps POST /essays/{id}/composer.</summary>
    public static IEndpointRouteBuilder MapComposerForm(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/essays/{id:int}/composer", PostAsync)
            .RequireAuthorization(ForumAuth.CommenterPolicy)
            .ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> PostAsync(
        int id,
        [FromForm] ComposerForm form,
        ClaimsPrincipal user,
        HttpContext http,
        CommentService comments,
        PostingLimiter limiter,
        DraftService drafts,
        ReadingCache reading,
        CancellationToken cancellationToken)
    {
        var actor = user.ToActor()!;
        var outcome = form switch
        {
            { DeleteId: int delete } => await comments.DeleteAsync(actor, delete, cancellationToken),
            { EditId: int edit } => await comments.EditAsync(actor, edit, form.Body, new CommentEditOptions(true, Core.Comments.CommentStances.Parse(form.Stance)), cancellationToken),
            _ => await limiter.PostAsync(actor.UserId, user.AccountCreated(), http.Connection.RemoteIpAddress?.ToString(), () =>
                comments.PostAsync(actor, id, form.ParentId, form.Body,
                    new CommentPostOptions(form.Acknowledge == true, form.ParagraphId, Core.Comments.CommentStances.Parse(form.Stance)), cancellationToken)),
        };
        if (outcome.Succeeded)
        {
            return SeeOther(http, string.Create(CultureInfo.InvariantCulture, $"/comments/{form.DeleteId ?? outcome.Comment!.Id}"));
        }

        if (form.DeleteId is null)
        {
            // Nothing typed is lost: the refused text is the draft the composer opens with.
            var place = form.EditId is int edited ? DraftPlaces.Edit(id, edited) : DraftPlaces.Reply(id, form.ParentId);
            await drafts.SaveAsync(actor.UserId, place, new DraftContent(form.Body ?? ""), cancellationToken);
        }

        var essayPath = (await reading.GetEssayAsync(id, cancellationToken))?.EssayPath ?? EssayLinks.Path(id, "");
        var mode = form switch
        {
            { DeleteId: int delete } => $"delete={delete}",
            { EditId: int edit } => $"edit={edit}",
            { ParentId: int parent } => $"reply={parent}",
            _ => "compose=1",
        };
        return SeeOther(http, string.Create(CultureInfo.InvariantCulture, $"{essayPath}?{mode}{ComposerRefusal.From(outcome).ToQuery()}#composer"));
    }

    // 303: the browser follows with a GET, and a reload of the page it lands on never sends the form again.
    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
