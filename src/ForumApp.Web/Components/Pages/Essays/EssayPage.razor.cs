using System.Security.Claims;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Essays;
using ForumApp.Web.Auth;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Localization;
using ForumApp.Web.Reading;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ForumApp.Web.Components.Pages.Essays;

/// <summary>
/// The essay and one page of its discussion (whole threads), optionally filtered by stance or paragraph. Drafts and
/// unpublished essays are not found for anyone but their author and moderators.
/// </summary>
public partial class EssayPage
{
    private static readonly (ThreadSort Sort, string Label)[] SortOptions =
        [(ThreadSort.Oldest, UiKeys.Of("오래된 순")), (ThreadSort.Newest, UiKeys.Of("최신 순")), (ThreadSort.MostReplies, UiKeys.Of("답글 많은 순"))];

    private EssayReadModel? model;
    private DiscussionPages? pages;
    private IReadOnlyList<CommentNode> pageThreads = [];
    private ThreadSort sort;
    private DiscussionFilter filter = DiscussionFilter.None;
    private ClaimsPrincipal? viewer;
    private int? viewerAuthorId;
    private bool viewerCanModerate;
    private bool viewerOwns;
    private string? clientIp;
    private IReadOnlySet<int>? reacted;
    private bool reactedEssay;
    private string? antiforgeryField;

    [Inject] private ForumApp.Data.Reactions.ReactionService Reactions { get; set; } = default!;

    [Inject] private Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider AntiforgeryState { get; set; } = default!;

    [Inject] private ReadingCache Reading { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private CommentQueries CommentQueries { get; set; } = default!;

    [Inject] private RoleCheck Roles { get; set; } = default!;

    [Parameter] public int Id { get; set; }

    /// <summary>The essay's slug; an old or wrong one never gets here (EssayAddressRedirect answers 301 first).</summary>
    [Parameter] public string? Slug { get; set; }

    /// <summary>1 opens the composer for a reply to the essay.</summary>
    [SupplyParameterFromQuery] public int? Compose { get; set; }

    /// <summary>Opens the composer for a reply to this comment.</summary>
    [SupplyParameterFromQuery] public int? Reply { get; set; }

    /// <summary>Opens the composer to edit this (own) comment.</summary>
    [SupplyParameterFromQuery] public int? Edit { get; set; }

    /// <summary>Opens the composer to delete this comment.</summary>
    [SupplyParameterFromQuery] public int? Delete { get; set; }

    /// <summary>The page of the discussion (1-based).</summary>
    [SupplyParameterFromQuery(Name = "page")] public int? PageParameter { get; set; }

    /// <summary>oldest (default), newest or replies.</summary>
    [SupplyParameterFromQuery(Name = "sort")] public string? SortParameter { get; set; }

    /// <summary>Only replies of this stance: agree, disagree, question or addition.</summary>
    [SupplyParameterFromQuery(Name = "stance")] public string? StanceParameter { get; set; }

    /// <summary>Only replies anchored to this paragraph (its stable id); with compose=1, the paragraph to answer.</summary>
    [SupplyParameterFromQuery(Name = "paragraph")] public int? ParagraphParameter { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [CascadingParameter] private Microsoft.AspNetCore.Http.HttpContext? HttpContext { get; set; }

    private int PageNumber => PageParameter ?? 1;

    private bool Composing => Compose == 1 || Reply is not null || Edit is not null || Delete is not null;

    private string ComposeHref => Reply is int r ? $"{EssayPath}?reply={r}#composer"
        : Edit is int e ? $"{EssayPath}?edit={e}#composer"
        : Delete is int d ? $"{EssayPath}?delete={d}#composer"
        : ParagraphParameter is int p ? $"{EssayPath}?compose=1&paragraph={p}#composer"
        : $"{EssayPath}?compose=1#composer";

    private string EssayPath => model?.EssayPath ?? EssayLinks.Path(Id, "");

    protected override async Task OnInitializedAsync()
    {
        model = await Reading.GetEssayAsync(Id);
        var stance = CommentStances.Parse(StanceParameter);
        if (model is null || DiscussionPages.Parse(SortParameter) is not ThreadSort chosen
            || (StanceParameter is not null && stance is null) || !KnownParagraph(model, ParagraphParameter))
        {
            NotFound();
            return;
        }

        var state = AuthState is null ? null : await AuthState;
        var userId = state?.User.UserId();
        viewerCanModerate = userId is not null && await Roles.IsModeratorAsync(userId);
        viewerOwns = EssayAccess.IsOwn(model.Detail.Essay, userId);
        if (model.Detail.Essay.Status != EssayStatus.Published && !viewerOwns && !viewerCanModerate)
        {
            NotFound();
            return;
        }

        sort = chosen;
        filter = new DiscussionFilter(stance, ParagraphParameter);
        pages = model.Pages(sort, filter);
        if (PageNumber < 1 || PageNumber > pages.PageCount)
        {
            NotFound();
            return;
        }

        pageThreads = pages.Threads(PageNumber);
        if (userId is not null)
        {
            viewer = state!.User;
            viewerAuthorId = await CommentQueries.AuthorIdOfAsync(userId);
            clientIp = HttpContext?.Connection.RemoteIpAddress?.ToString();
            await LoadReactionsAsync(userId);
        }
    }

    // The signed-in reader's "공감" buttons: which are theirs, and the antiforgery field their forms carry.
    private async Task LoadReactionsAsync(string userId)
    {
        var states = model!.Detail.Comments.ToDictionary(c => c.Id, c => new Core.Moderation.CommentState(c.Id, c.ParentId, c.Status, c.MergedIntoId));
        (reacted, reactedEssay) = await Reactions.MineAsync(userId, Id, states);
        if (AntiforgeryState.GetAntiforgeryToken() is { } token)
        {
            var field = new System.Text.StringBuilder("<input type=\"hidden\" name=\"");
            CommentThreadWriter.Attribute(field, token.FormFieldName);
            field.Append("\" value=\"");
            CommentThreadWriter.Attribute(field, token.Value);
            antiforgeryField = field.Append("\">").ToString();
        }
    }

    private void NotFound()
    {
        model = null;
        Navigation.NotFound();
    }

    // A paragraph filter names a paragraph of the current revision or one some reply is anchored to: anything else is
    // not a page of this essay (and would only fill the caches).
    private static bool KnownParagraph(EssayReadModel model, int? paragraphId) =>
        paragraphId is not int id
        || model.Detail.Paragraphs.Any(p => p.ParagraphId == id)
        || model.Detail.Comments.Any(c => c.ParagraphId == id);
}
