using Bunit;
using ForumApp.Core.Drafts;
using ForumApp.Data.Drafts;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Drafts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>
/// Drafts in the composer (issue 15): what a signed-in person types is saved on the server a few seconds after they
/// pause, at once when the connection drops or the server stops, restored when they come back, and cleared when it is
/// posted. A refused post keeps the text. The clock is the app's fake clock: saving waits for it, not for real time.
/// </summary>
public sealed class ComposerDraftTests(CommentingAppFactory app) : ComposerTestContext(app), IClassFixture<CommentingAppFactory>
{
    private static readonly TimeSpan SaveDelay = new DraftOptions().SaveDelay;

    [Fact]
    public async Task Typing_is_saved_as_the_draft_after_a_pause_and_the_composer_says_so()
    {
        var (essay, user) = await SignInAsync("saver");
        var cut = RenderComposer(essay);

        cut.Find("#comment-body").Input("잠깐 멈추면 저장되는 초안입니다.");
        Assert.Null(await Drafts.GetAsync(user.Id, DraftPlaces.Reply(essay, null)));
        App.Clock.Advance(SaveDelay);

        await WaitForDraftAsync(user.Id, DraftPlaces.Reply(essay, null), "잠깐 멈추면 저장되는 초안입니다.");
        cut.WaitForAssertion(() => Assert.Contains("임시 저장함", cut.Find("#draft-status").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_who_keeps_typing_still_gets_a_save_within_the_longest_delay()
    {
        var (essay, user) = await SignInAsync("nonstop");
        var cut = RenderComposer(essay);
        var options = new DraftOptions();
        var box = cut.Find("#comment-body");

        var typed = "";
        for (var elapsed = TimeSpan.Zero; elapsed < options.MaxDelay; elapsed += options.SaveDelay / 2)
        {
            typed += "쉬지 않고 ";
            box.Input(typed);
            App.Clock.Advance(options.SaveDelay / 2);
        }

        await WaitForDraftAsync(user.Id, DraftPlaces.Reply(essay, null), body: null);
    }

    [Fact]
    public async Task Coming_back_to_the_composer_restores_the_draft_and_says_so()
    {
        var (essay, user) = await SignInAsync("returner");
        await Drafts.SaveAsync(user.Id, DraftPlaces.Reply(essay, null), new DraftContent("어제 쓰다 만 댓글입니다."));

        var cut = RenderComposer(essay);

        Assert.Equal("어제 쓰다 만 댓글입니다.", cut.Find("#comment-body").GetAttribute("value"));
        Assert.Contains("임시 저장된 글을 불러왔습니다", cut.Find("#draft-restored").TextContent, StringComparison.Ordinal);
        Assert.Contains("어제 쓰다 만 댓글입니다.", cut.Find("#comment-preview").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_clears_the_draft_and_a_later_composer_starts_empty()
    {
        var (essay, user) = await SignInAsync("poster");
        var cut = RenderComposer(essay);
        cut.Find("#comment-body").Input("올리면 사라지는 초안입니다.");
        App.Clock.Advance(SaveDelay);
        await WaitForDraftAsync(user.Id, DraftPlaces.Reply(essay, null), "올리면 사라지는 초안입니다.");

        cut.Find("#comment-form").Submit();
        cut.WaitForAssertion(() => Assert.Matches(@"/comments/\d+$", Navigation.Uri));
        App.Clock.Advance(SaveDelay * 10);

        Assert.Null(await Drafts.GetAsync(user.Id, DraftPlaces.Reply(essay, null)));
        var later = RenderComposer(essay);
        Assert.Equal("", later.Find("#comment-body").GetAttribute("value") ?? "");
        Assert.Empty(later.FindAll("#draft-restored"));
    }

    [Fact]
    public async Task A_post_refused_as_too_fast_keeps_the_text_in_the_box_and_as_the_draft()
    {
        var (essay, user) = await SignInAsync("hasty");
        var first = RenderComposer(essay);
        first.Find("#comment-body").Input("먼저 올린 댓글입니다.");
        first.Find("#comment-form").Submit();
        first.WaitForAssertion(() => Assert.Matches(@"/comments/\d+$", Navigation.Uri));

        var second = RenderComposer(essay);
        second.Find("#comment-body").Input("너무 빨리 올린 두 번째 댓글입니다.");
        second.Find("#comment-form").Submit();

        second.WaitForAssertion(() => Assert.Contains("초 뒤에 다시 시도해 주세요", second.Find("#comment-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("너무 빨리 올린 두 번째 댓글입니다.", second.Find("#comment-body").GetAttribute("value"));
        // Saved at once, without waiting for a pause: the writer may leave now.
        await WaitForDraftAsync(user.Id, DraftPlaces.Reply(essay, null), "너무 빨리 올린 두 번째 댓글입니다.");
    }

    [Fact]
    public async Task An_edit_starts_from_its_draft_and_can_go_back_to_the_comment()
    {
        var (essay, user) = await SignInAsync("editor");
        var mine = await App.Data.CommentAsync(user.Id, essay, "원래 댓글입니다.");
        await Drafts.SaveAsync(user.Id, DraftPlaces.Edit(essay, mine.Id), new DraftContent("고쳐 쓰던 댓글입니다."));

        var cut = RenderComposer(essay, edit: mine.Id);
        Assert.Equal("고쳐 쓰던 댓글입니다.", cut.Find("#comment-body").GetAttribute("value"));
        Assert.Contains("임시 저장된 글을 불러왔습니다", cut.Find("#draft-restored").TextContent, StringComparison.Ordinal);

        cut.Find("#draft-discard").Click();

        cut.WaitForAssertion(() => Assert.Equal("원래 댓글입니다.", cut.Find("#comment-body").GetAttribute("value")));
        Assert.Empty(cut.FindAll("#draft-restored"));
        Assert.Null(await Drafts.GetAsync(user.Id, DraftPlaces.Edit(essay, mine.Id)));
    }

    [Fact]
    public async Task A_dropped_connection_saves_the_draft_at_once()
    {
        var (essay, user) = await SignInAsync("dropped");
        var cut = RenderComposer(essay);
        cut.Find("#comment-body").Input("연결이 끊기기 직전에 쓴 글입니다.");

        var handler = Services.GetServices<CircuitHandler>().OfType<DraftCircuitHandler>().SingleOrDefault()
            ?? new DraftCircuitHandler(Services.GetRequiredService<DraftAutosaver>());
        await handler.OnConnectionDownAsync(null!, CancellationToken.None);

        Assert.Equal("연결이 끊기기 직전에 쓴 글입니다.", (await Drafts.GetAsync(user.Id, DraftPlaces.Reply(essay, null)))?.Body);
    }

    [Fact]
    public async Task Stopping_the_server_saves_every_open_draft()
    {
        var (essay, user) = await SignInAsync("deploy");
        var cut = RenderComposer(essay);
        cut.Find("#comment-body").Input("배포 중에 쓰던 글입니다.");

        await Services.GetRequiredService<OpenDrafts>().StopAsync(CancellationToken.None);

        Assert.Equal("배포 중에 쓰던 글입니다.", (await Drafts.GetAsync(user.Id, DraftPlaces.Reply(essay, null)))?.Body);
    }

    [Fact]
    public async Task A_circuit_resumed_after_a_long_disconnection_starts_from_the_text_in_the_box()
    {
        var (essay, _) = await SignInAsync("resumer");
        var paused = RenderComposer(essay);
        paused.Find("#comment-body").Input("오래 끊겼다가 이어진 회로에서도 남아 있어야 하는 글입니다.");

        // .NET persists the components' state when a circuit is paused or evicted, and a resumed circuit starts from it.
        PersistentState.TriggerOnPersisting();
        var resumed = RenderComposer(essay);

        Assert.Equal("오래 끊겼다가 이어진 회로에서도 남아 있어야 하는 글입니다.", resumed.Find("#comment-body").GetAttribute("value"));
    }

    [Fact]
    public async Task Before_its_circuit_starts_the_composer_is_a_plain_form_that_posts_without_JavaScript()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var (essay, _) = await SignInAsync("static");
        var parent = await App.Data.CommentAsync((await App.CreateUserAsync("parent" + Guid.NewGuid().ToString("N")[..6])).Id, essay, "첫 문단.\n\n둘째 문단.");

        var cut = RenderComposer(essay, replyTo: parent.Id);

        var form = cut.Find("#comment-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal($"/essays/{essay}/composer", form.GetAttribute("action"));
        Assert.Equal(parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("input[name=parentId]").GetAttribute("value"));
        Assert.Equal("body", cut.Find("#comment-body").GetAttribute("name"));
        Assert.False(cut.Find("#comment-body").HasAttribute("data-interactive"));
        Assert.Equal("> 둘째 문단.\n\n", cut.FindAll(".quote-paragraph")[1].GetAttribute("data-quote"));
    }

    private async Task WaitForDraftAsync(string userId, string place, string? body)
    {
        for (var attempt = 0; ; attempt++)
        {
            var draft = await Drafts.GetAsync(userId, place);
            if (draft is not null && (body is null || draft.Body == body))
            {
                return;
            }

            Assert.True(attempt < 200, $"no draft {(body is null ? "" : $"\"{body}\" ")}at {place}; found: {draft?.Body ?? "none"}");
            await Task.Delay(25);
        }
    }
}
