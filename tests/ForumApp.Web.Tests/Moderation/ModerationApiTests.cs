using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ForumApp.Core.Accounts;
using ForumApp.Web.Moderation;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Moderation;

/// <summary>The moderation API and pages: who may do what, and what each action does.</summary>
public sealed partial class ModerationApiTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private const string Text = "인공지능 기술이 모든 사람에게 열려야 한다는 주장에 깊이 공감합니다. 다만 비용 문제가 남아 있습니다.";
    private const string TextEdited = "인공지능 기술이 모든 사람에게 열려야 한다는 주장에 깊이 공감합니다. 다만 비용 문제가 남아있습니다.";

    public static TheoryData<string, string> Endpoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "duplicates", "dismiss", "merges", "merge", "unmerge", "restore", "flags", "resolve-flag", "dismiss-flag", "audit", "scan", "scan-status" })
        {
            foreach (var caller in new[] { "anonymous", "commenter", "moderator", "admin" })
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Only_moderators_and_admins_reach_the_moderation_api_everyone_else_gets_403_problem_json(string endpoint, string caller)
    {
        var s = await SetUpAsync();
        var client = app.Client(caller switch
        {
            "anonymous" => null,
            "commenter" => s.Commenter.Token,
            "moderator" => (await app.CreateUserAsync("mod-" + Suffix(), ForumRoles.Moderator)).Token,
            _ => (await app.CreateUserAsync("admin-" + Suffix(), ForumRoles.Admin)).Token,
        });

        var (response, expected) = endpoint switch
        {
            "duplicates" => (await client.GetAsync("/api/moderation/duplicates"), HttpStatusCode.OK),
            "dismiss" => (await client.PostAsJsonAsync("/api/moderation/duplicates/dismiss", new { commentIds = new[] { s.First, s.Second } }), HttpStatusCode.OK),
            "merges" => (await client.GetAsync("/api/moderation/merges"), HttpStatusCode.OK),
            "merge" => (await client.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = new[] { s.Second } }), HttpStatusCode.Created),
            "unmerge" => (await client.DeleteAsync($"/api/moderation/merges/{s.MergeId}"), HttpStatusCode.NoContent),
            "restore" => (await client.PostAsync($"/api/moderation/comments/{s.Deleted}/restore", null), HttpStatusCode.NoContent),
            "flags" => (await client.GetAsync("/api/moderation/flags"), HttpStatusCode.OK),
            "resolve-flag" => (await client.PostAsync($"/api/moderation/flags/{s.FlagId}/resolve", null), HttpStatusCode.NoContent),
            "dismiss-flag" => (await client.PostAsync($"/api/moderation/flags/{s.FlagId}/dismiss", null), HttpStatusCode.NoContent),
            "audit" => (await client.GetAsync("/api/moderation/audit?action=merge"), HttpStatusCode.OK),
            "scan" => (await client.PostAsync("/api/moderation/scans", null), HttpStatusCode.Accepted),
            "scan-status" => (await client.GetAsync("/api/moderation/scans/current"), HttpStatusCode.OK),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        await app.Services.GetRequiredService<DuplicateScanJob>().Completion;

        if (caller is "anonymous" or "commenter")
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(403, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/moderation")]
    [InlineData("/moderation/audit")]
    [InlineData("/moderation/scan")]
    public async Task Moderation_pages_answer_403_to_readers_and_commenters_and_open_for_moderators_and_admins(string path)
    {
        var commenter = await app.CreateUserAsync("c-" + Suffix());
        var moderator = await app.CreateUserAsync("m-" + Suffix(), ForumRoles.Moderator);
        var admin = await app.CreateUserAsync("a-" + Suffix(), ForumRoles.Admin);

        var anonymous = await app.Client().GetAsync(path);
        var asCommenter = await app.Client(commenter.Token).GetAsync(path);
        var postAnonymous = await app.Client().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "start-scan" }));

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Contains("id=\"forbidden-login-link\"", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asCommenter.StatusCode);
        Assert.Contains("권한이 없습니다", await asCommenter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, postAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(moderator.Token).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(admin.Token).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Merge_then_unmerge_through_the_api_with_problem_json_for_every_refusal()
    {
        var s = await SetUpAsync(withMerge: false);
        var moderator = app.Client((await app.CreateUserAsync("mm-" + Suffix(), ForumRoles.Moderator)).Token);

        var clusters = await moderator.GetFromJsonAsync<JsonElement>($"/api/moderation/duplicates?essayId={s.Essay}");
        var cluster = Assert.Single(clusters.EnumerateArray());
        Assert.Equal(s.First, cluster.GetProperty("canonicalId").GetInt32());
        var invalid = await moderator.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = Array.Empty<int>() });
        var unknown = await moderator.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = new[] { 99999 } });
        var merged = await moderator.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = new[] { s.Second } });
        var twice = await moderator.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = new[] { s.Second } });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
        var id = (await merged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/moderation/merges/{id}", merged.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
        var essay = await app.Client().GetStringAsync(app.EssayPath(s.Essay));
        Assert.Contains("사본 1개 합침", essay, StringComparison.Ordinal);

        var unmerged = await moderator.DeleteAsync($"/api/moderation/merges/{id}");
        var again = await moderator.DeleteAsync($"/api/moderation/merges/{id}");
        var missing = await moderator.DeleteAsync("/api/moderation/merges/99999");

        Assert.Equal(HttpStatusCode.NoContent, unmerged.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain("사본 1개 합침", await app.Client().GetStringAsync(app.EssayPath(s.Essay)), StringComparison.Ordinal);
        var audit = await moderator.GetFromJsonAsync<JsonElement>("/api/moderation/audit?action=unmerge");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("target").GetString() == $"merge:{id}");
    }

    [Fact]
    public async Task Readers_flag_comments_through_the_api_and_the_flag_page_is_linked_from_every_comment()
    {
        var s = await SetUpAsync(withMerge: false);
        var reader = app.Client(s.Commenter.Token);

        var anonymous = await app.Client().PostAsJsonAsync($"/api/comments/{s.First}/flags", new { reason = "spam" });
        var noReason = await reader.PostAsJsonAsync($"/api/comments/{s.First}/flags", new { note = "이유 없음" });
        var flagged = await reader.PostAsJsonAsync($"/api/comments/{s.First}/flags", new { reason = "offTopic", note = "에세이와 상관없는 이야기" });
        var page = await app.Client().GetStringAsync(app.EssayPath(s.Essay));
        var flagPage = await app.Client().GetStringAsync($"/comments/{s.First}/flag");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Created, flagged.StatusCode);
        Assert.Contains($"class=\"flag-link\" href=\"/comments/{s.First}/flag\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"flag-login-link\"", flagPage, StringComparison.Ordinal);
        var moderator = app.Client((await app.CreateUserAsync("fm-" + Suffix(), ForumRoles.Moderator)).Token);
        var flags = await moderator.GetFromJsonAsync<JsonElement>("/api/moderation/flags");
        Assert.Contains(flags.EnumerateArray(), f => f.GetProperty("commentId").GetInt32() == s.First && f.GetProperty("reason").GetString() == "offTopic");
    }

    [Fact]
    public async Task A_moderator_merges_from_the_queue_page_with_a_plain_form_and_sees_the_merge_listed()
    {
        var s = await SetUpAsync(withMerge: false);
        var moderator = await app.CreateUserAsync("pm-" + Suffix(), ForumRoles.Moderator);
        var client = await CookieClientAsync(moderator);

        var queue = await client.GetStringAsync("/moderation");
        Assert.Contains($"id=\"cluster-{s.First}\"", queue, StringComparison.Ordinal);
        Assert.Contains("class=\"diff-table\"", queue, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new[]
        {
            KeyValuePair.Create("__RequestVerificationToken", CommentingAppFactory.AntiforgeryToken(queue)),
            KeyValuePair.Create("_handler", $"merge-{s.First}"),
            KeyValuePair.Create("canonical", s.Second.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create("members", s.First.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create("members", s.Second.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        });
        var posted = await client.PostAsync("/moderation", form);
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("id=\"moderation-message\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"button small unmerge-button\"", html, StringComparison.Ordinal);
        var merges = await app.Client(moderator.Token).GetFromJsonAsync<JsonElement>("/api/moderation/merges");
        var merge = merges.EnumerateArray().First();
        Assert.Equal(s.Second, merge.GetProperty("canonicalId").GetInt32()); // the moderator's pick, not the default
        Assert.Equal([s.First], merge.GetProperty("memberIds").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Two_moderators_merging_the_same_cluster_at_once_one_wins_and_the_other_gets_409()
    {
        var s = await SetUpAsync(withMerge: false);
        var one = app.Client((await app.CreateUserAsync("r1-" + Suffix(), ForumRoles.Moderator)).Token);
        var two = app.Client((await app.CreateUserAsync("r2-" + Suffix(), ForumRoles.Admin)).Token);

        var responses = await Task.WhenAll(
            one.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = new[] { s.Second } }),
            two.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.Second, memberIds = new[] { s.First } }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
        var merges = await one.GetFromJsonAsync<JsonElement>("/api/moderation/merges");
        Assert.Single(merges.EnumerateArray(), m => m.GetProperty("essayId").GetInt32() == s.Essay);
    }

    [Fact]
    public async Task Cookie_writes_to_the_moderation_api_need_the_antiforgery_header()
    {
        var s = await SetUpAsync(withMerge: false);
        var client = await CookieClientAsync(await app.CreateUserAsync("cm-" + Suffix(), ForumRoles.Moderator));

        var without = await client.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = s.First, memberIds = new[] { s.Second } });
        var token = await client.GetFromJsonAsync<JsonElement>("/api/account/antiforgery-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/moderation/merges")
        {
            Content = JsonContent.Create(new { canonicalId = s.First, memberIds = new[] { s.Second } }),
        };
        request.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        var with = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_reader_flags_a_comment_with_the_flag_page_form()
    {
        var s = await SetUpAsync(withMerge: false);
        var client = await CookieClientAsync(s.Commenter);

        var form = await client.GetStringAsync($"/comments/{s.First}/flag");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(form),
            ["_handler"] = "flag",
            ["reason"] = "Spam",
            ["note"] = "광고입니다",
        });
        var posted = await client.PostAsync($"/comments/{s.First}/flag", content);

        Assert.Contains("id=\"flag-form\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"flag-done\"", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var moderator = app.Client((await app.CreateUserAsync("ff-" + Suffix(), ForumRoles.Moderator)).Token);
        var flags = await moderator.GetFromJsonAsync<JsonElement>("/api/moderation/flags");
        Assert.Contains(flags.EnumerateArray(), f => f.GetProperty("commentId").GetInt32() == s.First && f.GetProperty("note").GetString() == "광고입니다");
    }

    [Fact]
    public async Task The_scan_page_starts_a_scan_and_shows_its_summary()
    {
        await SetUpAsync(withMerge: false);
        var client = await CookieClientAsync(await app.CreateUserAsync("sc-" + Suffix(), ForumRoles.Moderator));

        var page = await client.GetStringAsync("/moderation/scan");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(page),
            ["_handler"] = "start-scan",
        });
        var started = await client.PostAsync("/moderation/scan", content);
        await app.Services.GetRequiredService<DuplicateScanJob>().Completion;
        var after = await client.GetStringAsync("/moderation/scan");

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Contains("id=\"scan-summary\"", after, StringComparison.Ordinal);
        Assert.Contains("data-state=\"done\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderator_restores_a_deleted_comment_from_the_queue_page()
    {
        var s = await SetUpAsync(withMerge: false);
        var client = await CookieClientAsync(await app.CreateUserAsync("rs-" + Suffix(), ForumRoles.Moderator));

        var queue = await client.GetStringAsync("/moderation");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(queue),
            ["_handler"] = $"restore-deleted-{s.Deleted}",
        });
        var posted = await client.PostAsync("/moderation", content);
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Contains($"id=\"restore-{s.Deleted}\"", queue, StringComparison.Ordinal);
        Assert.Contains("id=\"moderation-message\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"deleted-{s.Deleted}\"", html, StringComparison.Ordinal);
        Assert.Contains("지울 댓글", await app.Client().GetStringAsync(app.EssayPath(s.Essay)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_describes_the_moderation_endpoints()
    {
        var doc = await app.Client().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/moderation/duplicates", "/api/moderation/merges", "/api/moderation/merges/{id}", "/api/moderation/duplicates/dismiss", "/api/moderation/audit", "/api/moderation/comments/{id}/restore", "/api/comments/{id}/flags" })
        {
            Assert.Contains($"\"{path}\"", doc, StringComparison.Ordinal);
        }
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private sealed record Setup(int Essay, TestUser Commenter, int First, int Second, int Deleted, int MergeId, int FlagId);

    /// <summary>An essay with two near-duplicate comments (a queued pair), a deleted comment, a flag and an undoable merge.</summary>
    private async Task<Setup> SetUpAsync(bool withMerge = true)
    {
        var essay = await app.CreateEssayAsync();
        var commenter = await app.CreateUserAsync("w-" + Suffix());
        var other = await app.CreateUserAsync("o-" + Suffix());
        var setupModerator = app.Client((await app.CreateUserAsync("s-" + Suffix(), ForumRoles.Moderator)).Token);
        var first = await PostAsync(commenter, essay, Text + " " + essay);
        var second = await PostAsync(other, essay, TextEdited + " " + essay);
        var deleted = await PostAsync(commenter, essay, "지울 댓글 " + essay);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client(commenter.Token).DeleteAsync($"/api/comments/{deleted}")).StatusCode);
        var flag = await app.Client(commenter.Token).PostAsJsonAsync($"/api/comments/{second}/flags", new { reason = "duplicate" });
        var flagId = (await flag.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var mergeId = 0;
        if (withMerge)
        {
            var a = await PostAsync(commenter, essay, "따로 합칠 첫 댓글 " + essay);
            var b = await PostAsync(other, essay, "따로 합칠 둘째 댓글 " + essay);
            var merged = await setupModerator.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = a, memberIds = new[] { b } });
            mergeId = (await merged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        return new Setup(essay, commenter, first, second, deleted, mergeId, flagId);
    }

    private async Task<int> PostAsync(TestUser user, int essay, string body)
    {
        var response = await app.Client(user.Token).PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<HttpClient> CookieClientAsync(TestUser user)
    {
        var client = app.Client();
        using var signedIn = await CommentingAppFactory.SignInAsync(client, user);
        Assert.True(signedIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK);
        return client;
    }

}
