using System.Collections.Concurrent;
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

namespace ForumApp.EndToEnd.Security;

/// <summary>
/// The forum with every XSS vector stored once, in every place user text goes: each vector as a reply (API), all of
/// them in one comment written through the composer (Chromium), as revisions of one comment, as flag notes, as
/// duplicate pairs in the moderation queue, as merge reasons in the audit log, in recently deleted comments, and the
/// short ones as display names (header, profile, author lines, audit actor). Shared by the stored-XSS and the
/// page-quality tests, so the vectors are stored once per run.
/// </summary>
public sealed class HostileSite : ForumSite
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["RateLimits:Posting:PerAccountInterval"] = "00:00:00",
        ["RateLimits:Posting:NewAccountInterval"] = "00:00:00",
        ["RateLimits:Posting:PerIpInterval"] = "00:00:00",
        ["RateLimits:Read:TokensPerSecond"] = "0",
    };

    /// <summary>Every call a vector made while the site was arranged (must stay empty).</summary>
    public ConcurrentQueue<string> ArrangeHits { get; } = new();

    public TestAccount Writer { get; private set; } = null!;

    public TestAccount Moderator { get; private set; } = null!;

    public IReadOnlyList<TestAccount> NamedAccounts { get; private set; } = [];

    /// <summary>The comment every vector answers (its thread page is the permalink page).</summary>
    public int RootId { get; private set; }

    /// <summary>The comment whose revisions are the vectors.</summary>
    public int HistoryId { get; private set; }

    /// <summary>The comment written through the composer with every vector in it.</summary>
    public int ComposedId { get; private set; }

    /// <summary>Every vector joined into one comment.</summary>
    public static string AllVectors => string.Join("\n\n", XssVectors.All.Select(v => v.Text));

    protected override IReadOnlyDictionary<string, string> Settings => s_settings;

    protected override async Task ArrangeAsync()
    {
        Writer = await Data.UserAsync("xss-writer");
        var copier = await Data.UserAsync("xss-copier");
        var flagger = await Data.UserAsync("xss-flagger");
        Moderator = await Data.UserAsync("xss-moderator", ForumRoles.Moderator, XssVectors.DisplayNames[3].Text);
        NamedAccounts = [.. await Task.WhenAll(XssVectors.DisplayNames.Take(3).Select((v, i) => Data.UserAsync($"xss-named-{i}", displayName: v.Text)))];
        using var writer = await ApiAsync(Writer);
        using var copy = await ApiAsync(copier);
        using var flag = await ApiAsync(flagger);
        using var moderate = await ApiAsync(Moderator);

        RootId = await PostAsync(writer, "XSS 시험 스레드: 아래 답글은 모두 공격 문자열입니다.");
        var pairs = new List<(int Original, int Copy, string Text)>();
        foreach (var (id, text) in XssVectors.All)
        {
            var original = await PostAsync(writer, text, RootId);
            var duplicate = await PostAsync(copy, text, RootId);
            pairs.Add((original, duplicate, text));
            Ok(await flag.PostAsJsonAsync($"/api/comments/{original}/flags", new { reason = "spam", note = text[..Math.Min(text.Length, 1000)] }));
        }

        foreach (var named in NamedAccounts)
        {
            using var api = await ApiAsync(named);
            await PostAsync(api, "표시 이름 시험", RootId);
        }

        // The audit log: merges whose reasons are vectors, by a moderator whose display name is one.
        foreach (var (original, duplicate, text) in pairs.Take(10))
        {
            Ok(await moderate.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = original, memberIds = new[] { duplicate }, reason = OneLine(text) }));
        }

        // Recently deleted comments on the moderation page.
        foreach (var (original, _, _) in pairs.Skip(10).Take(5))
        {
            Ok(await moderate.DeleteAsync(new Uri($"/api/comments/{original}", UriKind.Relative)));
        }

        HistoryId = await PostAsync(writer, "고쳐 쓸 댓글");
        foreach (var (_, text) in XssVectors.All)
        {
            Ok(await writer.PutAsJsonAsync($"/api/comments/{HistoryId}", new { body = text }));
        }

        ComposedId = await ComposeAsync();
    }

    /// <summary>A new context that records every way a vector could announce itself: the exposed function, dialogs, beacons.</summary>
    public async Task<(IPage Page, ConcurrentQueue<string> Hits)> WatchedPageAsync(bool bypassCsp, TestAccount? account)
    {
        var hits = new ConcurrentQueue<string>();
        var page = await NewPageAsync(o => o.BypassCSP = bypassCsp);
        await page.Context.ExposeFunctionAsync("xssHit", (JsonElement id) => hits.Enqueue($"xssHit({id}) on {page.Url}"));
        page.Context.Request += (_, request) =>
        {
            if (request.Url.Contains("xss-beacon", StringComparison.Ordinal))
            {
                hits.Enqueue($"beacon {request.Url}");
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            hits.Enqueue($"dialog \"{dialog.Message}\" on {page.Url}");
            await dialog.DismissAsync();
        };
        if (account is not null)
        {
            await SignInAsync(page, account);
        }

        return (page, hits);
    }

    // The composer: every vector typed at once, posted as one reply; the page then loads the thread at the new comment.
    private async Task<int> ComposeAsync()
    {
        var (page, hits) = await WatchedPageAsync(bypassCsp: false, Writer);
        await page.GotoAsync($"{EssayPath}?reply={RootId}#composer");
        await Composer.TypeAsync(page, AllVectors, XssVectors.Marker(XssVectors.All.Count));
        await page.Locator("#comment-submit").ClickAsync();
        // Every vector is already in the thread: the composer warns of a near duplicate first; post anyway.
        var posted = page.WaitForURLAsync(new Regex(@"#c-\d+$"), new() { Timeout = 60_000 });
        var warned = page.Locator("#post-anyway").WaitForAsync(new() { Timeout = 60_000 });
        if (await Task.WhenAny(posted, warned) == warned && warned.IsCompletedSuccessfully)
        {
            await page.Locator("#post-anyway").ClickAsync();
        }

        await posted;
        foreach (var hit in hits)
        {
            ArrangeHits.Enqueue(hit);
        }

        var id = int.Parse(Regex.Match(page.Url, @"#c-(\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await page.Context.CloseAsync();
        return id;
    }

    private async Task<HttpClient> ApiAsync(TestAccount account)
    {
        var token = await Server.Services.GetRequiredService<ApiTokenService>().CreateAsync(account.Id, "xss");
        var client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    private async Task<int> PostAsync(HttpClient client, string body, int? parentId = null)
    {
        var response = Ok(await client.PostAsJsonAsync($"/api/essays/{EssayId}/comments?force=true", new { body, parentId }));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    // Merge reasons are one line without control characters.
    private static string OneLine(string text)
    {
        var line = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line[..Math.Min(line.Length, 500)];
    }

    private static HttpResponseMessage Ok(HttpResponseMessage response) => response.IsSuccessStatusCode
        ? response
        : throw new InvalidOperationException($"arranging the hostile site failed: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
}

[CollectionDefinition(Name)]
public sealed class HostileSiteGroup : ICollectionFixture<HostileSite>
{
    public const string Name = "hostile site";
}
