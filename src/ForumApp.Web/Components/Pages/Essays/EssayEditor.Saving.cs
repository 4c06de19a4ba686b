using ForumApp.Core.Essays;
using ForumApp.Data.Essays;
using Microsoft.JSInterop;

namespace ForumApp.Web.Components.Pages.Essays;

/// <summary>The essay editor's writes: save (create the draft essay, or save it; a new revision once published), publish, discard.</summary>
public sealed partial class EssayEditor
{
    private async Task SaveAsync() => await SaveCoreAsync();

    private async Task<bool> SaveCoreAsync()
    {
        pendingAutosave?.Cancel();
        await _writing.WaitAsync();
        busy = true;
        (error, success, overlaps) = (null, null, []);
        try
        {
            var input = new EssayInput(title, body, EssayRules.SplitTags(tags));
            var wasNew = essayId is null;
            var outcome = wasNew ? await Essays.CreateAsync(userId!, input) : await Essays.UpdateAsync(userId!, essayId!.Value, input);
            if (!outcome.Succeeded)
            {
                error = outcome.Message;
                return false;
            }

            var essay = outcome.Essay!;
            await Drafts.DeleteAsync(userId!, Place);
            (essayId, status, revision, essayPath) = (essay.Id, essay.Status, essay.Revision, EssayLinks.Path(essay.Id, essay.Slug));
            stored = (essay.Title, essay.BodyMarkdown, EssayRules.JoinTags(outcome.Tags));
            (title, tags) = (stored.Title, stored.Tags);
            (dirty, hasServerDraft, notice) = (false, false, null);
            if (module is not null)
            {
                await (wasNew
                    ? module.InvokeVoidAsync("moved", root, Place, DraftUrl, $"/essays/{essay.Id}/edit")
                    : module.InvokeVoidAsync("forget", root));
            }

            success = outcome.RevisionCreated && !wasNew && Published ? $"{revision}판으로 저장했습니다." : "저장했습니다.";
            return true;
        }
        finally
        {
            busy = false;
            _writing.Release();
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
                (error, success) = (outcome.Message, null);
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
        pendingAutosave?.Cancel();
        await _writing.WaitAsync();
        try
        {
            await Drafts.DeleteAsync(userId!, Place);
            (title, body, tags) = stored;
            (dirty, hasServerDraft, notice, autosavedAt) = (false, false, null, null);
            UpdatePreview();
            if (module is not null)
            {
                await module.InvokeVoidAsync("forget", root);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Leaving the page (or a circuit that is gone for good): what is still waiting for the autosave is kept now.</summary>
    public async ValueTask DisposeAsync()
    {
        pendingAutosave?.Cancel();
        if (dirty && userId is not null && fatal is null)
        {
            try
            {
                await AutosaveAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or JSDisconnectedException or TaskCanceledException)
            {
                // The text went to the server in the last autosave or the page's beacon; nothing more can be done here.
            }
        }

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
        pendingAutosave?.Dispose();
        _writing.Dispose();
    }
}
