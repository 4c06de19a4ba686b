using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Core.Accounts;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Pages;

/// <summary>
/// Anonymous reading pages are shared: no cookie, no per-request state, compressed once, revalidated with ETags, and
/// evicted exactly when a change shows on them. Signed-in readers always get their own page.
/// </summary>
public sealed class PublicPageCacheTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private async Task<string> EssayPathAsync(int essay)
    {
        using var redirect = await app.Client().GetAsync(new Uri($"/essays/{essay}/x", UriKind.Relative));
        var location = redirect.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    private async Task<string> ReadAsync(string path, string? token = null)
    {
        using var response = await app.Client(token).GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_reading_pages_set_no_cookie_and_carry_no_per_request_state()
    {
        var essay = await app.CreateEssayAsync();
        var path = await EssayPathAsync(essay);

        foreach (var page in new[] { "/", path, path, "/" })
        {
            using var response = await app.Client().GetAsync(new Uri(page, UriKind.Relative));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"), $"{page} set a cookie");
            Assert.DoesNotContain("Blazor-Server-Component-State", html, StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.Public, $"{page} should be public");
            Assert.NotNull(response.Headers.ETag);
        }
    }

    [Fact]
    public async Task A_repeated_request_with_the_etag_is_answered_304()
    {
        var essay = await app.CreateEssayAsync();
        var path = await EssayPathAsync(essay);
        using var first = await app.Client().GetAsync(new Uri(path, UriKind.Relative));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await app.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Compressed_pages_and_API_responses_decode_to_the_same_bytes(string encoding)
    {
        var essay = await app.CreateEssayAsync();
        var path = await EssayPathAsync(essay);
        foreach (var address in new[] { path, $"/api/essays/{essay}" })
        {
            var plain = await app.Client().GetByteArrayAsync(new Uri(address, UriKind.Relative));
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, UriKind.Relative));
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            using var response = await app.Client().SendAsync(request);
            var compressed = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.True(compressed.Length < plain.Length, $"{address} in {encoding} should be smaller");
            Assert.Equal(plain, Decode(compressed, encoding));
        }
    }

    [Fact]
    public async Task A_post_an_edit_a_delete_a_merge_and_an_unmerge_each_show_at_once_on_the_cached_page_and_API()
    {
        var essay = await app.CreateEssayAsync();
        var path = await EssayPathAsync(essay);
        var writer = await app.CreateUserAsync("cache-writer-" + Guid.NewGuid().ToString("N")[..6]);
        var other = await app.CreateUserAsync("cache-other-" + Guid.NewGuid().ToString("N")[..6]);
        var moderator = await app.CreateUserAsync("cache-mod-" + Guid.NewGuid().ToString("N")[..6], ForumRoles.Moderator);
        await ReadAsync(path);
        await ReadAsync($"/api/essays/{essay}");

        var first = await PostAsync(writer, essay, "캐시에서 곧바로 보여야 하는 첫 댓글입니다.");
        Assert.Contains("캐시에서 곧바로 보여야 하는 첫 댓글입니다.", await ReadAsync(path), StringComparison.Ordinal);

        using (var edited = await app.Client(writer.Token).PutAsJsonAsync($"/api/comments/{first}", new { body = "고쳐 쓴 첫 댓글입니다." }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        Assert.Contains("고쳐 쓴 첫 댓글입니다.", await ReadAsync(path), StringComparison.Ordinal);
        Assert.Contains("고쳐 쓴 첫 댓글입니다.", await ReadAsync($"/api/essays/{essay}"), StringComparison.Ordinal);

        var copy = await PostAsync(other, essay, "고쳐 쓴 첫 댓글입니다.", acknowledge: true);
        Assert.Equal(2, CountArticles(await ReadAsync(path)));
        using (var merged = await app.Client(moderator.Token).PostAsJsonAsync("/api/moderation/merges", new { canonicalId = first, memberIds = new[] { copy } }))
        {
            Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
            var mergeId = (await merged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            Assert.Equal(1, CountArticles(await ReadAsync(path)));
            Assert.Contains("\"status\":\"merged\"", await ReadAsync($"/api/essays/{essay}"), StringComparison.Ordinal);

            using var undone = await app.Client(moderator.Token).DeleteAsync(new Uri($"/api/moderation/merges/{mergeId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, undone.StatusCode);
        }

        Assert.Equal(2, CountArticles(await ReadAsync(path)));
        Assert.DoesNotContain("\"status\":\"merged\"", await ReadAsync($"/api/essays/{essay}"), StringComparison.Ordinal);

        using (var deleted = await app.Client(writer.Token).DeleteAsync(new Uri($"/api/comments/{first}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Contains("작성자가 삭제한 댓글입니다.", await ReadAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_reader_gets_a_private_page_of_their_own_never_the_anonymous_one()
    {
        var essay = await app.CreateEssayAsync();
        var path = await EssayPathAsync(essay);
        var reader = await app.CreateUserAsync("private-reader-" + Guid.NewGuid().ToString("N")[..6]);
        await ReadAsync(path); // the anonymous page is cached now
        var client = app.Client();
        using (var signIn = await CommentingAppFactory.SignInAsync(client, reader))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.Headers.CacheControl?.Private, "a signed-in page must be private");
        Assert.Null(response.Headers.ETag);
        Assert.Contains("logout-button", html, StringComparison.Ordinal);
        Assert.DoesNotContain("composer-login-link", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_gives_the_first_page_and_following_next_reads_every_comment_once()
    {
        var essay = await app.CreateEssayAsync();
        var writer = await app.CreateUserAsync("api-pager-" + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < 120; i++)
        {
            await PostAsync(writer, essay, $"쪽 나누기를 확인하는 {i}번째 댓글, 서로 다른 내용 {Guid.NewGuid():N}");
        }

        var essayJson = JsonDocument.Parse(await ReadAsync($"/api/essays/{essay}")).RootElement;
        var info = essayJson.GetProperty("commentPage");
        var ids = essayJson.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToList();
        var next = info.GetProperty("next").GetString();
        while (next is not null)
        {
            var page = JsonDocument.Parse(await ReadAsync(next)).RootElement;
            ids.AddRange(page.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
            next = page.GetProperty("commentPage").GetProperty("next").GetString();
        }

        Assert.Equal(3, info.GetProperty("pageCount").GetInt32());
        Assert.Equal(120, info.GetProperty("total").GetInt32());
        Assert.Equal(50, essayJson.GetProperty("comments").GetArrayLength());
        Assert.Equal(120, ids.Distinct().Count());
        Assert.Equal(120, ids.Count);
    }

    private async Task<int> PostAsync(TestUser user, int essay, string body, bool acknowledge = false)
    {
        using var response = await app.Client(user.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body, acknowledgeDuplicate = acknowledge });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static int CountArticles(string html) => html.Split("<article class=\"comment\"").Length - 1;

    private static byte[] Decode(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
