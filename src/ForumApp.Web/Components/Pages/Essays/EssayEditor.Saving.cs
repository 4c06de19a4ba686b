using ForumApp.Core.Essays;
using ForumApp.Data.Drafts;
using ForumApp.Data.Essays;
using ForumApp.Web.Localization;
using Microsoft.JSInterop;

namespace ForumApp.Web.Components.Pages.Essays;

/// <summary>The essay editor's writes: save (create the draft essay, or save it; a new revision once published), publish, discard.</summary>
public sealed partial class EssayEditor
{
    private async Task SaveAsync() => await SaveCoreAsync();

    private async Task<bool> SaveCoreAsync()
    {
        busy = true;
        (error, success, overlaps) = (null, null, []);
        if (autosave is not null)
        {
            await autosave.PauseAsync(); // no draft save lands after the essay is saved
        }

        try
        {
            var input = new EssayInput(title, body, EssayRules.SplitTags(tags));
            var wasNew = essayId is null;
            var outcome = wasNew ? await Essays.CreateAsync(userId!, input) : await Essays.UpdateAsync(userId!, essayId!.Value, input);
            if (!outcome.Succeeded)
            {
                error = L.Message(outcome.Message);
                if (autosave is not null)
                {
                    await autosave.ResumeAsync(new DraftContent(body, title, tags));
                }

                return false;
            }

            // Saved: the draft of the old place is done; later typing is a draft of the essay's own place.
            await CloseAutosaveAsync(discard: true);
            await Drafts.DeleteAsync(userId!, Place);
            var essay = outcome.Essay!;
            (essayId, status, revision, essayPath) = (essay.Id, essay.Status, essay.Revision, EssayLinks.Path(essay.Id, essay.Slug));
            stored = (essay.Title, essay.BodyMarkdown, EssayRules.JoinTags(outcome.Tags));
            (title, tags) = (stored.Title, stored.Tags);
            (dirty, hasServerDraft, notice, autosavedAt) = (false, false, null, null);
            if (module is not null)
            {
                OpenAutosave();
                await (wasNew
                    ? module.InvokeVoidAsync("moved", root, Place, DraftUrl, $"/essays/{essay.Id}/edit")
                    : module.InvokeVoidAsync("forget", root));
            }

            success = outcome.RevisionCreated && !wasNew && Published ? L["{0}판으로 저장했습니다.", revision] : L["저장했습니다."];
            return true;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task PublishAsync(bool acknowledge)
    {
        if ((essayId is null || (title, body, tags) != stored) && !await SaveCoreAsync())
        {
            return;
        }

        busy = true;
        try
        {
            var outcome = await Essays.PublishAsync(userId!, essayId!.Value, acknowledge);
            if (outcome.IsDuplicateWarning)
            {
                (overlaps, success) = (outcome.Overlaps, null);
                return;
            }

            if (!outcome.Succeeded)
            {
                (error, success) = (L.Message(outcome.Message), null);
                return;
            }

            // The essay page is static: a full load shows it as readers now see it.
            Navigation.NavigateTo(EssayLinks.Path(outcome.Essay!.Id, outcome.Essay.Slug), forceLoad: true);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task DiscardDraftAsync()
    {
        if (autosave is not null)
        {
            await autosave.DiscardAsync();
        }
        else
        {
            await Drafts.DeleteAsync(userId!, Place);
        }

        (title, body, tags) = stored;
        (dirty, hasServerDraft, notice, autosavedAt) = (false, false, null, null);
        UpdatePreview();
        if (module is not null)
        {
            await module.InvokeVoidAsync("forget", root);
        }
    }

    /// <summary>Leaving the page (or a circuit that is gone for good): what is still unsaved is kept now.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAutosaveAsync(discard: false);
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone already.
            }
        }

        selfReference?.Dispose();
    }
}
