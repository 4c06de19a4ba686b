using System.Globalization;
using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// Issue 15: the server restarts (a deploy) or crashes under someone writing a comment. The circuit cannot come back,
/// the reconnect dialog says so in Korean, the page reloads into the composer, and what was typed is there: the draft
/// the server saved (on the way down, when it stops gracefully) or the box's text the page kept (when it crashed).
/// The app runs as a child process (<see cref="ProcessSite"/>) stopped and started on the same port and database.
/// </summary>
public sealed partial class ServerRestartTests(ProcessSite site, ITestOutputHelper output) : IClassFixture<ProcessSite>
{
    // Records what the reconnect dialog shows when the circuit is refused (the page reloads a moment later).
    private const string RecordRejection = """
        document.addEventListener("components-reconnect-state-changed", (event) => {
          if (event.detail?.state !== "rejected") return;
          const line = document.getElementById("components-reconnect-rejected");
          sessionStorage.setItem("e2e-rejected", JSON.stringify({
            visible: !!line && getComputedStyle(line).display !== "none",
            text: line ? line.textContent.trim().replace(/\s+/g, " ") : "",
          }));
        }, true); // capture: the event is dispatched on the dialog and does not bubble
        """;

    [Fact]
    public async Task After_a_server_restart_the_page_reloads_into_the_composer_with_the_draft()
    {
        var (page, composer) = await OpenComposerAsync("e2e-restart", "다시 시작을 겪는 사람");
        const string saved = "서버가 다시 시작되기 전에 쓴 글입니다. 표식 하늬바람.";
        const string more = saved + "\n\n저장 표시가 뜬 뒤에 덧붙인 문단입니다. 표식 마파람.";
        await Composer.TypeAsync(page, saved, "표식 하늬바람");
        await Expect(page.Locator("#draft-status")).ToContainTextAsync("임시 저장함", new() { Timeout = 30_000 });
        await Composer.TypeAsync(page, more, "표식 마파람");

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await site.Process.StopAsync(graceful: true);
        output.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(site.Process.LogTail(15));
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        await site.Process.StartAsync();

        await ExpectReloadedWithAsync(page, more);
        // The server saved it on the way down: a browser that never saw the page gets it too.
        var elsewhere = await SignedInPageAsync(page, composer);
        await Expect(elsewhere.Locator("#comment-body")).ToHaveValueAsync(more);

        var id = await SubmitAndLandAsync(page);
        await Expect(page.Locator($"#c-{id} .comment-body")).ToContainTextAsync("표식 마파람");
        await page.Context.CloseAsync();
        await elsewhere.Context.CloseAsync();
    }

    [Fact]
    public async Task After_a_crash_the_reloaded_composer_has_the_text_the_server_had_not_saved_yet()
    {
        var (page, composer) = await OpenComposerAsync("e2e-crash", "멈춤을 겪는 사람");
        const string saved = "서버가 멈추기 전에 저장된 글입니다. 표식 높새바람.";
        const string more = saved + " 저장되기 전에 이어 쓴 말입니다. 표식 샛바람.";
        await Composer.TypeAsync(page, saved, "표식 높새바람");
        await Expect(page.Locator("#draft-status")).ToContainTextAsync("임시 저장함", new() { Timeout = 30_000 });
        await Composer.TypeAsync(page, more, "표식 샛바람");

        await site.Process.StopAsync(graceful: false);
        await Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
        await site.Process.StartAsync();

        await ExpectReloadedWithAsync(page, more);
        // The server had at least what it saved before the crash.
        var elsewhere = await SignedInPageAsync(page, composer);
        await Expect(elsewhere.Locator("#comment-body")).ToHaveValueAsync(new Regex("^" + Regex.Escape(saved)));
        await page.Context.CloseAsync();
        await elsewhere.Context.CloseAsync();
    }

    private async Task<(IPage Page, string Composer)> OpenComposerAsync(string userName, string displayName)
    {
        var account = await site.Data.UserAsync(userName + "-" + Guid.NewGuid().ToString("N")[..6], displayName: displayName);
        _account = account;
        var page = await site.NewPageAsync();
        await page.AddInitScriptAsync(RecordRejection);
        var composer = $"{site.EssayPath}?compose=1#composer";
        await ForumSite.SignInAsync(page, account, composer.Replace("#composer", "", StringComparison.Ordinal));
        await page.GotoAsync(composer);
        return (page, composer);
    }

    private TestAccount? _account;

    /// <summary>The same account in another browser context (no session storage of the first page).</summary>
    private async Task<IPage> SignedInPageAsync(IPage first, string composer)
    {
        var page = await site.NewPageAsync();
        await ForumSite.SignInAsync(page, _account!);
        await page.GotoAsync(composer);
        Assert.NotSame(first.Context, page.Context);
        return page;
    }

    private async Task ExpectReloadedWithAsync(IPage page, string text)
    {
        // The client retries, reaches the new process, is refused the old circuit, says so, and reloads.
        await Expect(page.Locator("#draft-restored")).ToContainTextAsync("임시 저장된 글을 불러왔습니다", new() { Timeout = 90_000 });
        await Composer.WaitForInteractiveAsync(page);
        await Expect(Composer.LiveBox(page)).ToHaveValueAsync(text);
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        var rejection = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('e2e-rejected')");
        output.WriteLine($"reconnect dialog when refused: {rejection}");
        Assert.NotNull(rejection);
        Assert.Contains("\"visible\":true", rejection, StringComparison.Ordinal);
        Assert.Contains("서버가 다시 시작되어 연결을 이어 갈 수 없습니다.", rejection, StringComparison.Ordinal);
        Assert.Contains("쓰던 글은 임시 저장되어 있습니다. 페이지를 다시 불러옵니다…", rejection, StringComparison.Ordinal);
    }

    private static async Task<int> SubmitAndLandAsync(IPage page)
    {
        await page.Locator("#comment-submit").ClickAsync();
        await page.WaitForURLAsync(CommentAnchor(), new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        return int.Parse(CommentAnchor().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/essays/\d+/[^?#]*(?:\?[^#]*)?#c-(\d+)$")]
    private static partial Regex CommentAnchor();
}
