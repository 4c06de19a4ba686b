using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Data.Accounts;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// A reader's event stream that drops (here: the server restarts while the reader is offline) resumes with the id of
/// the last event it read, and the page then shows what was posted meanwhile, once each.
/// </summary>
public sealed class LiveResumeTests(ProcessSite site) : IClassFixture<ProcessSite>
{
    [Fact]
    public async Task After_a_dropped_stream_the_page_catches_up_without_losing_or_doubling_a_comment()
    {
        var writer = await site.Data.UserAsync("e2e-resume-writer");
        var token = (await site.Server.Services.GetRequiredService<ApiTokenService>().CreateAsync(writer.Id, "resume test")).Token;
        var reader = await site.NewPageAsync();
        await reader.GotoAsync(site.EssayPath);
        await WaitForStreamAsync(reader);
        var before = await PostAsync(token, "연결이 끊기기 전에 올라온 글입니다.");
        await Expect(reader.Locator($"article#c-{before}")).ToHaveCountAsync(1);

        // The reader goes offline and the server restarts: the stream is gone, and cannot come back until online.
        await reader.Context.SetOfflineAsync(true);
        await site.Process.StopAsync();
        await site.Process.StartAsync();
        var missed1 = await PostAsync(token, "끊긴 동안 올라온 첫째 글입니다.");
        var missed2 = await PostAsync(token, "끊긴 동안 올라온 둘째 글입니다.");
        await reader.Context.SetOfflineAsync(false);

        await Expect(reader.Locator($"article#c-{missed1}")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(reader.Locator($"article#c-{missed2}")).ToHaveCountAsync(1);
        await WaitForStreamAsync(reader);
        var after = await PostAsync(token, "다시 이어진 뒤에 올라온 글입니다.");
        await Expect(reader.Locator($"article#c-{after}")).ToHaveCountAsync(1);
        foreach (var id in new[] { before, missed1, missed2, after })
        {
            await Expect(reader.Locator($"article#c-{id}")).ToHaveCountAsync(1); // once each
        }

        await reader.Context.CloseAsync();
    }

    private async Task<int> PostAsync(string token, string body)
    {
        using var client = new HttpClient { BaseAddress = site.Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.PostAsJsonAsync($"/api/essays/{site.EssayId}/comments", new { body });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task WaitForStreamAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => window.__forumLive && window.__forumLive.source.readyState === 1", null, new() { Timeout = 30_000 });
}
