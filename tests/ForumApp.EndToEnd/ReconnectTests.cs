using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// A commenter whose connection drops while writing sees the Korean reconnect dialog (Layout/ReconnectModal.razor),
/// not Blazor's default English one, and it goes away once the connection is back and the circuit resumes.
/// </summary>
public sealed partial class ReconnectTests(CommenterSite site, ITestOutputHelper output) : IClassFixture<CommenterSite>
{
    [Fact]
    public async Task Dropped_connection_shows_the_Korean_reconnect_dialog_until_the_circuit_is_back()
    {
        var commenter = await site.Data.UserAsync("e2e-reconnect", displayName: "다시 잇는 사람");
        var page = await site.NewPageAsync();
        var problems = PageProblems.Collect(page, failingStatus: 400);
        var circuit = await CircuitLine.RouteAsync(page);
        await ForumSite.SignInAsync(page, commenter, $"{site.EssayPath}?compose=1");
        await Composer.TypeAsync(page, "연결이 끊기기 전에 쓴 글입니다. 표식 가람슬기.", "표식 가람슬기");
        var dialog = page.Locator("#components-reconnect-modal");
        var reconnecting = page.GetByText("서버에 다시 연결하는 중입니다…");
        await Expect(dialog).ToBeHiddenAsync();
        problems.AssertNone(output); // among others: the dialog's module loads under the Content-Security-Policy

        await circuit.DropAsync();

        await Expect(reconnecting).ToBeVisibleAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.GetByText("Rejoining the server")).ToHaveCountAsync(0);

        await circuit.RestoreAsync();

        await Expect(dialog).ToBeHiddenAsync(new() { Timeout = 30_000 });
        // The same circuit answers again: the server-rendered preview follows the text.
        await Composer.TypeAsync(page, "다시 연결된 뒤에 쓴 글입니다. 표식 나린솔.", "표식 나린솔");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The page's circuit WebSocket (/_blazor), passed through to the server until dropped. Chromium's offline mode
    /// alone keeps an open WebSocket alive, so dropping closes both ends of it, and offline mode then refuses the
    /// reconnection attempts (and SignalR's HTTP fallbacks) until the line is restored.
    /// </summary>
    private sealed class CircuitLine(IPage page)
    {
        private readonly ConcurrentBag<(IWebSocketRoute Page, IWebSocketRoute Server)> _open = [];
        private volatile bool _down;

        public static async Task<CircuitLine> RouteAsync(IPage page)
        {
            var line = new CircuitLine(page);
            await page.RouteWebSocketAsync(BlazorHub(), line.Connect);
            return line;
        }

        public async Task DropAsync()
        {
            _down = true;
            await page.Context.SetOfflineAsync(true);
            while (_open.TryTake(out var socket))
            {
                await socket.Server.CloseAsync(new() { Code = 1001, Reason = "test: connection dropped" });
                await socket.Page.CloseAsync(new() { Code = 1001, Reason = "test: connection dropped" });
            }
        }

        public async Task RestoreAsync()
        {
            _down = false;
            await page.Context.SetOfflineAsync(false);
        }

        private void Connect(IWebSocketRoute socket)
        {
            if (_down)
            {
                _ = socket.CloseAsync(new() { Code = 1001, Reason = "test: connection down" });
                return;
            }

            _open.Add((socket, socket.ConnectToServer()));
        }
    }

    [GeneratedRegex("/_blazor")]
    private static partial Regex BlazorHub();
}
