using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ForumApp.Core.Accounts;
using ForumApp.Data.Accounts;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.EndToEnd;

/// <summary>
/// Two nodes on one PostgreSQL database and Redis, behind nginx: what one node commits, the other shows at once, live;
/// a sign-in from one works on the other; the near-duplicate check knows the other's comments; an outage of Redis loses
/// nothing that the pages show once it is back.
/// </summary>
public sealed partial class ClusterTests(ClusterSite site) : IClassFixture<ClusterSite>
{
    [Fact]
    public async Task A_comment_posted_on_A_arrives_live_on_B_and_on_Bs_cached_page_and_API()
    {
        var writer = await TokenAsync("cluster-writer");
        var page = await site.NewPageAsync(site.NodeB.BaseAddress);
        await page.GotoAsync(site.EssayPath);
        await WaitForStreamAsync(page);
        using var b = new HttpClient { BaseAddress = site.NodeB.BaseAddress };
        await b.GetStringAsync(new Uri(site.EssayPath, UriKind.Relative)); // B's anonymous page is cached now
        await b.GetStringAsync(new Uri($"/api/essays/{site.EssayId}", UriKind.Relative));

        var id = await PostAsync(site.NodeA.BaseAddress, writer, "노드 A에 올린 글이 노드 B에 곧바로 보여야 합니다.");

        // Relayed by Redis at once; a message Redis lost (it may have just come back from another test's outage) is
        // found by the node's follow of the change log within its interval (5 s), so the wait allows 10 s.
        await Expect(page.Locator($"article#c-{id}")).ToContainTextAsync("노드 A에 올린 글이 노드 B에 곧바로 보여야 합니다.", new() { Timeout = 10_000 });
        Assert.Contains("노드 A에 올린 글이 노드 B에 곧바로 보여야 합니다.", WebUtility.HtmlDecode(await b.GetStringAsync(new Uri(site.EssayPath, UriKind.Relative))), StringComparison.Ordinal);
        Assert.Contains($"\"id\":{id}", await b.GetStringAsync(new Uri($"/api/essays/{site.EssayId}", UriKind.Relative)), StringComparison.Ordinal);

        // The same through nginx: a page behind the proxy follows the discussion too.
        var proxied = await site.NewPageAsync(site.Proxy);
        await proxied.GotoAsync(site.EssayPath);
        await WaitForStreamAsync(proxied);
        var second = await PostAsync(site.NodeA.BaseAddress, writer, "프록시 뒤의 독자에게도 보여야 하는 글입니다.");
        await Expect(proxied.Locator($"article#c-{second}")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
        await proxied.Context.CloseAsync();
    }

    [Fact]
    public async Task A_merge_on_A_shows_on_B()
    {
        var one = await TokenAsync("cluster-merge-1");
        var two = await TokenAsync("cluster-merge-2");
        var moderator = await TokenAsync("cluster-moderator", ForumRoles.Moderator);
        const string Text = "두 노드에서 같은 말을 한 사람들이 있으면 운영자가 하나로 합칩니다.";
        var first = await PostAsync(site.NodeA.BaseAddress, one, Text);
        var copy = await PostAsync(site.NodeB.BaseAddress, two, Text, acknowledge: true);
        var page = await site.NewPageAsync(site.NodeB.BaseAddress);
        await page.GotoAsync(site.EssayPath);
        await WaitForStreamAsync(page);
        await Expect(page.Locator($"article#c-{copy}")).ToHaveCountAsync(1);

        using var client = Client(site.NodeA.BaseAddress, moderator);
        using var merged = await client.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = first, memberIds = new[] { copy } });

        Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
        await Expect(page.Locator($"article#c-{copy}")).ToHaveCountAsync(0);
        await Expect(page.Locator($"article#c-{first} .merged-badge")).ToHaveCountAsync(1);
        using var b = new HttpClient { BaseAddress = site.NodeB.BaseAddress };
        Assert.Contains("\"status\":\"merged\"", await b.GetStringAsync(new Uri($"/api/essays/{site.EssayId}", UriKind.Relative)), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_sign_in_cookie_issued_by_A_works_on_B()
    {
        var account = await site.Data.UserAsync("cluster-cookie", displayName: "두 노드의 사람");
        var cookies = new CookieContainer();
        using var a = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site.NodeA.BaseAddress };
        var login = await a.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(login).Groups[1].Value,
            ["_handler"] = "login",
            ["Input.UserName"] = account.UserName,
            ["Input.Password"] = account.Password,
        });
        using (var signedIn = await a.PostAsync(new Uri("/account/login", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // Both nodes listen on 127.0.0.1: the browser (here the container) sends A's cookie to B as it would to any node.
        using var b = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = site.NodeB.BaseAddress };
        using var profile = await b.GetAsync(new Uri("/account/profile", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("두 노드의 사람", WebUtility.HtmlDecode(await profile.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bs_near_duplicate_check_warns_about_a_comment_posted_on_A()
    {
        var onA = await TokenAsync("cluster-dup-a");
        var onB = await TokenAsync("cluster-dup-b");
        // B checks this essay first, so its index is loaded before A's comment exists: only the relayed change tells it.
        await PostAsync(site.NodeB.BaseAddress, onB, "먼저 노드 B에서 올려 중복 검사 색인을 불러오는 글입니다. " + Guid.NewGuid().ToString("N"));
        const string Text = "인공지능을 누구나 쓸 수 있게 하려면 공공 컴퓨팅 자원이 먼저 필요하다고 생각합니다.";
        var original = await PostAsync(site.NodeA.BaseAddress, onA, Text);

        // The relay is asynchronous: wait until B shows A's comment (B's listeners update its index before its caches).
        using var b = new HttpClient { BaseAddress = site.NodeB.BaseAddress };
        for (var attempt = 0; attempt < 100 && !(await b.GetStringAsync(new Uri($"/api/essays/{site.EssayId}", UriKind.Relative))).Contains($"\"id\":{original}", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
        }

        using var client = Client(site.NodeB.BaseAddress, onB);
        using var warned = await client.PostAsJsonAsync($"/api/essays/{site.EssayId}/comments", new { body = Text });

        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        var matches = (await warned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matches");
        Assert.Contains(matches.EnumerateArray(), m => m.GetProperty("commentId").GetInt32() == original);
    }

    [Fact]
    public async Task Redis_stopped_and_started_again_loses_no_change_the_pages_show()
    {
        var writer = await TokenAsync("cluster-outage");
        var page = await site.NewPageAsync(site.NodeB.BaseAddress);
        await page.GotoAsync(site.EssayPath);
        await WaitForStreamAsync(page);

        await site.Redis.StopAsync();
        var during = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            during.Add(await PostAsync(site.NodeA.BaseAddress, writer, $"Redis가 멈춘 동안 올린 {i + 1}번째 글입니다."));
        }

        foreach (var id in during)
        {
            await Expect(page.Locator($"article#c-{id}")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        }

        await site.Redis.StartAsync();
        var after = await PostAsync(site.NodeA.BaseAddress, writer, "Redis가 돌아온 뒤에 올린 글입니다.");

        await Expect(page.Locator($"article#c-{after}")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        foreach (var id in during.Append(after))
        {
            await Expect(page.Locator($"article#c-{id}")).ToHaveCountAsync(1); // once each: nothing lost, nothing doubled
        }

        using var b = new HttpClient { BaseAddress = site.NodeB.BaseAddress };
        var html = WebUtility.HtmlDecode(await b.GetStringAsync(new Uri(site.EssayPath, UriKind.Relative)));
        Assert.All(during, id => Assert.Contains($"id=\"c-{id}\"", html, StringComparison.Ordinal));
        await page.Context.CloseAsync();

        // Both nodes report Redis healthy again before the next test of this collection relies on its relay.
        await site.WaitUntilRedisHealthyAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<TestAccount> TokenAsync(string name, string role = ForumRoles.Commenter)
    {
        var account = await site.Data.UserAsync(name + "-" + Guid.NewGuid().ToString("N")[..6], role);
        var token = await site.NodeA.Services.GetRequiredService<ApiTokenService>().CreateAsync(account.Id, "cluster test");
        return account with { Password = token.Token };
    }

    private static HttpClient Client(Uri node, TestAccount account)
    {
        var client = new HttpClient { BaseAddress = node };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Password);
        return client;
    }

    private async Task<int> PostAsync(Uri node, TestAccount account, string body, bool acknowledge = false)
    {
        using var client = Client(node, account);
        using var response = await client.PostAsJsonAsync($"/api/essays/{site.EssayId}/comments", new { body, acknowledgeDuplicate = acknowledge });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task WaitForStreamAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => window.__forumLive && window.__forumLive.source.readyState === 1");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
