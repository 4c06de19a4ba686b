using System.Security.Claims;
using ForumApp.Core.Comments;
using ForumApp.Core.Drafts;
using ForumApp.Core.Markdown;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Drafts;
using ForumApp.Web.Auth;
using ForumApp.Web.Composing;
using ForumApp.Web.Drafts;
using ForumApp.Web.Posting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ForumApp.Web.Components.Shared;

/// <summary>The composer's state and actions (the markup is in CommentComposer.razor).</summary>
public sealed partial class CommentComposer
{
    private const string StateKey = nameof(CommentComposer);

    private PersistingComponentStateSubscription persisting;
    private ClaimsPrincipal? user;
    private ComposerView? view;
    private string text = "";
    private string previewHtml = "";
    private string? previewProblem;
    private readonly ComposerMessages messages = new();
    private bool busy;
    private bool draftDiscarded;
    private DraftAutosave? autosave;
    private DateTimeOffset? savedAt;
    private IReadOnlyList<ParagraphChoice> anchors = [];
    private int? paragraphId;
    private CommentStance? stance;

    [Inject] private CommentService Comments { get; set; } = null!;

    [Inject] private CommentQueries Queries { get; set; } = null!;

    [Inject] private DraftService Drafts { get; set; } = null!;

    [Inject] private DraftAutosaver Autosaver { get; set; } = null!;

    [Inject] private MarkdownRenderer Markdown { get; set; } = null!;

    [Inject] private PostingLimiter Limiter { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private PersistentComponentState State { get; set; } = null!;

    [Inject] private ILogger<CommentComposer> Logger { get; set; } = null!;

    [Parameter, EditorRequired] public int EssayId { get; set; }

    /// <summary>"/essays/1/slug", without query or fragment.</summary>
    [Parameter, EditorRequired] public string EssayPath { get; set; } = "";

    /// <summary>The comment answered; null for a reply to the essay.</summary>
    [Parameter] public int? ReplyToId { get; set; }

    /// <summary>Edit this comment (the author's own).</summary>
    [Parameter] public int? EditId { get; set; }

    /// <summary>Delete this comment (its author or a moderator).</summary>
    [Parameter] public int? DeleteId { get; set; }

    /// <summary>The writer's IP address, for the per-address posting limit (captured when the page was served).</summary>
    [Parameter] public string? ClientIp { get; set; }

    /// <summary>The essay paragraph (stable id) a new reply answers, chosen from the paragraph's margin; null for none.</summary>
    [Parameter] public int? AnchorParagraphId { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private ComposerMode Mode => DeleteId is not null ? ComposerMode.Delete : EditId is not null ? ComposerMode.Edit : ComposerMode.Reply;

    private string Key => $"{Mode}:{EditId ?? DeleteId ?? ReplyToId}";

    /// <summary>Where this composer's draft belongs; none when deleting.</summary>
    private string? Place => Mode switch
    {
        ComposerMode.Reply => DraftPlaces.Reply(EssayId, ReplyToId),
        ComposerMode.Edit => DraftPlaces.Edit(EssayId, EditId!.Value),
        _ => null,
    };

    private string Title => Mode == ComposerMode.Edit ? L["댓글 수정"] : ReplyToId is null ? L["댓글 쓰기"] : L["답글 쓰기"];

    private string SubmitLabel => Mode == ComposerMode.Edit ? L["수정 저장"] : ReplyToId is null ? L["댓글 등록"] : L["답글 등록"];

    private string FormAction => ComposerFormEndpoints.Action(EssayId);

    private string ReturnPath => Navigation.ToBaseRelativePath(Navigation.Uri) is var p ? "/" + p : EssayPath;

    private string CancelHref => (EditId ?? DeleteId ?? ReplyToId) is int id ? $"/comments/{id}" : EssayPath;

    private CommentActor Actor => new(user!.UserId()!);

    // Persisted when the page is rendered, and again when a circuit is paused or evicted (a long disconnection): a
    // resumed circuit then starts from the text in the box, not from the one the page opened with.
    protected override void OnInitialized() => persisting = State.RegisterOnPersisting(() =>
    {
        if (view is not null)
        {
            State.PersistAsJson(StateKey, view with { InitialText = text });
        }

        return Task.CompletedTask;
    });

    protected override async Task OnParametersSetAsync()
    {
        var state = AuthState is null ? null : await AuthState;
        user = state?.User.UserId() is null ? null : state.User;
        if (user is null)
        {
            return;
        }

        if (view?.Key != Key)
        {
            // A composer opened for another comment (enhanced navigation keeps this instance): save the last one first.
            await CloseAutosaveAsync();
            view = State.TryTakeFromJson<ComposerView>(StateKey, out var carried) && carried?.Key == Key ? carried : await LoadAsync();
            text = view.InitialText;
            anchors = view.Anchors;
            stance = view.InitialStance;
            paragraphId = ReplyToId is null && anchors.Any(a => a.Id == AnchorParagraphId) ? AnchorParagraphId : null;
            draftDiscarded = false;
            messages.Clear();
            messages.Show(ComposerRefusal.FromUri(Navigation.Uri));
            UpdatePreview();
        }

        // Only a live composer saves: the static rendering is gone as soon as it is sent.
        if (RendererInfo.IsInteractive && autosave is null && view.Refusal is null && Place is { } place)
        {
            autosave = Autosaver.Open(user.UserId()!, place);
            autosave.Saved += OnDraftSaved;
        }
    }

    private async Task<ComposerView> LoadAsync()
    {
        // The service decides what may be offered here, with the same rules as the write itself.
        var start = await Queries.PrepareComposerAsync(Actor, EssayId, Mode, EditId ?? DeleteId ?? ReplyToId);
        var draft = start.Refusal is null && Place is { } place ? await Drafts.GetAsync(user!.UserId()!, place) : null;
        var target = start.Target;
        return new ComposerView(
            Key,
            start.Refusal?.Message,
            target?.Id,
            target is null ? null : target.Author?.DisplayName ?? ForumApp.Core.Essays.Author.UnknownDisplayName,
            Mode == ComposerMode.Delete ? ComposerQuotePicker.Excerpt(target?.BodyMarkdown) : null,
            start.QuotableParagraphs,
            start.InitialText,
            draft?.Body ?? start.InitialText,
            draft is not null && !string.Equals(draft.Body, start.InitialText, StringComparison.Ordinal))
        {
            Anchors = start.Anchors,
            InitialStance = start.InitialStance,
        };
    }

    private void OnTextChanged()
    {
        UpdatePreview();
        autosave?.Update(new DraftContent(text));
    }

    // The preview renders on every keystroke: text the service would refuse (too long, nested too deeply) shows the
    // refusal instead of a rendering, so no input can throw inside the circuit or keep it busy rendering a novel.
    private void UpdatePreview()
    {
        previewHtml = "";
        previewProblem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (text.Length > 2 * CommentRules.MaxLength || CommentRules.CountCodePoints(text) > CommentRules.MaxLength)
        {
            previewProblem = CommentRules.Message(CommentProblem.TooLong);
        }
        else if (Markdown.TryToSafeHtml(text, out var html))
        {
            previewHtml = html;
        }
        else
        {
            previewProblem = CommentRules.Message(CommentProblem.TooDeeplyNested);
        }
    }

    private void Quote(string passage)
    {
        var quote = CommentRules.Quote(passage);
        text = string.IsNullOrWhiteSpace(text) ? quote : text.TrimEnd() + "\n\n" + quote;
        OnTextChanged();
    }

    private void OnDraftSaved(DateTimeOffset at) => _ = InvokeAsync(() =>
    {
        savedAt = at;
        StateHasChanged();
    });

    private async Task DiscardDraftAsync()
    {
        if (autosave is not null)
        {
            await autosave.DiscardAsync();
        }
        else if (Place is { } place)
        {
            await Drafts.DeleteAsync(user!.UserId()!, place);
        }

        text = view!.OriginalText;
        draftDiscarded = true;
        savedAt = null;
        UpdatePreview();
    }

    private Task SubmitAsync() => Mode == ComposerMode.Edit
        ? RunAsync(() => Comments.EditAsync(Actor, EditId!.Value, text, new CommentEditOptions(true, stance)), id => id)
        : PostAsync(acknowledge: false);

    private Task PostAnywayAsync() => PostAsync(acknowledge: true);

    private Task PostAsync(bool acknowledge) => RunAsync(
        () => Limiter.PostAsync(user!.UserId()!, user!.AccountCreated(), ClientIp, () => Comments.PostAsync(Actor, EssayId, ReplyToId, text, new CommentPostOptions(acknowledge, paragraphId, stance))),
        id => id);

    private Task DeleteAsync() => RunAsync(() => Comments.DeleteAsync(Actor, DeleteId!.Value), _ => DeleteId!.Value);

    /// <summary>
    /// Runs a write with the draft's saving paused (so no save lands after the post removed the draft). Stored: the
    /// page is loaded at the comment. Refused, or failed: the text stays in the box and is saved as the draft now.
    /// </summary>
    private async Task RunAsync(Func<Task<CommentOutcome>> write, Func<int, int> anchor)
    {
        messages.Clear();
        busy = true;
        if (autosave is not null)
        {
            await autosave.PauseAsync();
        }

        CommentOutcome? outcome = null;
        try
        {
            outcome = await write();
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Composer write on essay {EssayId} failed", EssayId);
            messages.Fail(L["댓글을 등록하지 못했습니다. 쓴 글은 그대로 있으니 잠시 뒤에 다시 시도해 주세요."]);
        }

        if (outcome is { Succeeded: true })
        {
            autosave?.Close();
            // A full load shows the author the thread with the new text at once (the reading page is static);
            // the permalink leads to the page of the discussion the comment is on.
            Navigation.NavigateTo($"/comments/{anchor(outcome.Comment!.Id)}", forceLoad: true);
            return;
        }

        if (outcome is not null)
        {
            messages.Show(outcome);
        }

        busy = false;
        if (autosave is not null)
        {
            await autosave.ResumeAsync(new DraftContent(text));
        }
    }

    private async Task CloseAutosaveAsync()
    {
        if (autosave is null)
        {
            return;
        }

        autosave.Saved -= OnDraftSaved;
        await autosave.DisposeAsync();
        autosave = null;
        savedAt = null;
    }

    public async ValueTask DisposeAsync()
    {
        persisting.Dispose();
        await CloseAutosaveAsync();
    }
}
