using ForumApp.Core.Drafts;
using ForumApp.Core.Essays;
using ForumApp.Core.Markdown;
using ForumApp.Data.Drafts;
using ForumApp.Data.Essays;
using ForumApp.Web.Auth;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Drafts;
using ForumApp.Web.Reading;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace ForumApp.Web.Components.Pages.Essays;

/// <summary>The essay editor's behaviour: loading, autosave, preview, save and publish.</summary>
public sealed partial class EssayEditor : IAsyncDisposable
{
    private ElementReference root;
    private IJSObjectReference? module;
    private DotNetObjectReference<EssayEditor>? selfReference;
    private DraftAutosave? autosave;

    private string? userId;
    private int? essayId;
    private EssayStatus? status;
    private int revision;
    private string? essayPath;
    private (string Title, string Body, string Tags) stored = ("", "", "");
    private string title = "";
    private string body = "";
    private string tags = "";
    private string previewHtml = "";
    private bool hasServerDraft;
    private bool dirty;
    private DateTime? autosavedAt;
    private string? notice;
    private string? error;
    private string? success;
    private string? fatal;
    private bool busy;
    // The fields hold what the server has. The live editor's first render can come before that: its fields are read-only
    // then, so typing carried over from the page as sent (js/composer.js) is not overwritten by keystrokes into empty fields.
    private bool loaded;
    private IReadOnlyList<EssayOverlapView> overlaps = [];

    [Inject] private EssayService Essays { get; set; } = default!;

    [Inject] private DraftService Drafts { get; set; } = default!;

    [Inject] private DraftAutosaver Autosaver { get; set; } = default!;

    [Inject] private ReadingCache Reading { get; set; } = default!;

    [Inject] private MarkdownRenderer Markdown { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The essay to edit; null for a new one.</summary>
    [Parameter] public int? EssayId { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private bool Ready => RendererInfo.IsInteractive && fatal is null;

    private bool Published => status is EssayStatus.Published or EssayStatus.Unpublished;

    private string Place => essayId is int id ? DraftPlaces.EssayEdit(id) : DraftPlaces.NewEssay;

    private string DraftUrl => essayId is int id ? $"/api/essays/{id}/draft" : "/api/essays/draft";

    private int TitleLength => Core.Comments.CommentRules.CountCodePoints(title.Trim());

    private int BodyLength => Core.Comments.CommentRules.CountCodePoints(body);

    private string AutosaveText =>
        !RendererInfo.IsInteractive ? L["편집기를 준비하는 중입니다…"]
        : autosavedAt is DateTime at ? L["임시 저장됨 · {0}", KoreanTime.Time(at)] + (dirty ? " " + L["(그 뒤에 고친 내용을 곧 저장합니다)"] : "")
        : dirty ? L["고친 내용을 곧 임시 저장합니다."] : L["쓰는 내용은 자동으로 임시 저장됩니다."];

    protected override async Task OnInitializedAsync()
    {
        try
        {
            await LoadAsync();
        }
        finally
        {
            loaded = true;
        }
    }

    private async Task LoadAsync()
    {
        var state = AuthState is null ? null : await AuthState;
        userId = state?.User.UserId();
        essayId = EssayId;
        if (userId is null)
        {
            fatal = L["로그인해야 에세이를 쓸 수 있습니다."];
            return;
        }

        if (EssayId is int id)
        {
            var model = await Reading.GetEssayAsync(id);
            if (model is null || !EssayAccess.IsOwn(model.Detail.Essay, userId))
            {
                fatal = L["고칠 수 있는 에세이를 찾을 수 없습니다."];
                return;
            }

            var essay = model.Detail.Essay;
            (status, revision, essayPath) = (essay.Status, essay.Revision, model.EssayPath);
            stored = (essay.Title, essay.BodyMarkdown, EssayRules.JoinTags(model.Detail.Tags));
        }

        (title, body, tags) = stored;
        var draft = await Drafts.GetAsync(userId, Place);
        if (draft is not null && (draft.Title ?? "", draft.Body, draft.Extra ?? "") != stored)
        {
            (title, body, tags) = (draft.Title ?? "", draft.Body, draft.Extra ?? "");
            hasServerDraft = true;
            autosavedAt = draft.UpdatedAt;
            notice = essayId is null
                ? L["쓰던 글을 이어서 씁니다 (마지막 임시 저장 {0}).", KoreanTime.DateTime(draft.UpdatedAt)]
                : L["저장하지 않은 고친 내용을 이어서 씁니다 (마지막 임시 저장 {0}). 새 판은 저장할 때 만들어집니다.", KoreanTime.DateTime(draft.UpdatedAt)];
        }

        UpdatePreview();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || module is not null || fatal is not null)
        {
            return;
        }

        // Only the live editor saves (as the composer does): the same autosave, flushed when the connection drops,
        // the circuit closes or the server stops.
        OpenAutosave();
        // A relative module address needs "./": a bare name is not a module specifier.
        module = await JS.InvokeAsync<IJSObjectReference>("import", "./" + Assets["js/essay-editor.js"]);
        selfReference = DotNetObjectReference.Create(this);
        await module.InvokeVoidAsync("attach", root, Place, DraftUrl, selfReference);
    }

    private void OpenAutosave()
    {
        autosave = Autosaver.Open(userId!, Place);
        autosave.Saved += OnDraftSaved;
    }

    private async Task CloseAutosaveAsync(bool discard)
    {
        if (autosave is null)
        {
            return;
        }

        autosave.Saved -= OnDraftSaved;
        if (discard)
        {
            await autosave.DiscardAsync();
            autosave.Close();
        }

        await autosave.DisposeAsync();
        autosave = null;
    }

    /// <summary>Called by the script when it put back text this browser kept and the server never acknowledged.</summary>
    [JSInvokable]
    public Task RestoredFromBrowser() => InvokeAsync(() =>
    {
        notice = L["이 브라우저에 남아 있던, 아직 임시 저장되지 않은 내용을 되살렸습니다."];
        StateHasChanged();
    });

    private Task ChangedAsync()
    {
        UpdatePreview();
        success = null;
        dirty = true;
        autosave?.Update(new DraftContent(body, title, tags));
        return Task.CompletedTask;
    }

    // The server holds what was typed: the browser's copy of the same text can go.
    private void OnDraftSaved(DateTimeOffset at) => _ = InvokeAsync(async () =>
    {
        autosavedAt = at.UtcDateTime;
        hasServerDraft = true;
        dirty = autosave?.HasUnsavedChanges == true;
        if (module is not null && !dirty)
        {
            try
            {
                await module.InvokeVoidAsync("synced", root, Fingerprint(title, body, tags));
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; its copy is checked against the server's the next time the editor opens.
            }
        }

        StateHasChanged();
    });

    private void UpdatePreview() => previewHtml = string.IsNullOrWhiteSpace(body) ? "" : Markdown.ToSafeHtml(body);

    /// <summary>FNV-1a over the UTF-16 code units of the three fields, as the script computes it.</summary>
    public static uint Fingerprint(string title, string body, string tags)
    {
        var hash = 0x811c9dc5u;
        foreach (var text in new[] { title, "\0", body, "\0", tags })
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * 0x01000193u;
            }
        }

        return hash;
    }
}
