using System.Net;
using System.Net.Http.Json;
using ForumApp.Web.Reading;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Pages;

public sealed class ReadingCacheTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private async Task<(HttpResponseMessage Response, string Html)> ReadAsync(string path)
    {
        var response = await app.Client().GetAsync(new Uri(path, UriKind.Relative));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<string> CanonicalPathAsync(int essay)
    {
        using var redirect = await app.Client().GetAsync(new Uri($"/essays/{essay}/x", UriKind.Relative));
        var location = redirect.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    [Fact]
    public async Task Anonymous_readers_get_the_read_API_from_the_output_cache()
    {
        var essay = await app.CreateEssayAsync();

        using var first = await app.Client().GetAsync(new Uri($"/api/essays/{essay}", UriKind.Relative));
        using var second = await app.Client().GetAsync(new Uri($"/api/essays/{essay}", UriKind.Relative));

        Assert.Null(first.Headers.Age);
        Assert.True(second.Headers.Age.HasValue, "the second anonymous read should be served from the output cache");
    }

    [Fact]
    public async Task The_essay_page_is_built_once_and_rebuilt_after_a_change()
    {
        var essay = await app.CreateEssayAsync();
        var cache = app.Services.GetRequiredService<ReadingCache>();

        var first = await cache.GetEssayAsync(essay);
        var second = await cache.GetEssayAsync(essay);
        await app.Services.GetRequiredService<ForumApp.Data.Changes.ForumChangeFeed>().PublishAsync([ForumApp.Core.Changes.ForumChange.EssayChanged(essay)]);
        var third = await cache.GetEssayAsync(essay);

        Assert.Same(first, second);
        Assert.NotSame(second, third);
    }

    [Fact]
    public async Task When_the_server_goes_quiet_the_read_models_are_dropped_and_the_cached_pages_still_answer()
    {
        var essay = await app.CreateEssayAsync();
        var cache = app.Services.GetRequiredService<ReadingCache>();
        var releases = app.Services.GetServices<ForumApp.Web.Hosting.IIdleMemoryRelease>();
        var canonical = await CanonicalPathAsync(essay);
        var (first, html) = await ReadAsync(canonical); // the page is now cached as bytes
        var built = await cache.GetEssayAsync(essay);

        foreach (var release in releases)
        {
            release.Release();
        }

        var (again, htmlAgain) = await ReadAsync(canonical);
        var heldAfterCachedRead = cache.Count;
        Assert.Contains(cache, releases); // the idle trim reaches the read models
        Assert.Equal(0, heldAfterCachedRead); // the cached page was answered without building the model again
        Assert.Equal(first.Headers.ETag, again.Headers.ETag); // the same cached page, not a new render
        Assert.Equal(html, htmlAgain);
        Assert.NotSame(built, await cache.GetEssayAsync(essay)); // dropped: the next reader who needs it builds it again
    }

    [Fact]
    public async Task When_the_server_goes_quiet_the_near_duplicate_indexes_are_dropped_and_the_next_check_still_finds_earlier_comments()
    {
        var essay = await app.CreateEssayAsync();
        var alice = await app.CreateUserAsync("quiet-alice");
        var bob = await app.CreateUserAsync("quiet-bob");
        var finder = app.Services.GetRequiredService<ForumApp.Data.Comments.EngineNearDuplicateFinder>();
        using var original = await app.Client(alice.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "조용한 서버도 앞서 올라온 댓글과 비슷한 글은 알아봐야 합니다." });
        var loadedBefore = finder.LoadedEssays;

        foreach (var release in app.Services.GetServices<ForumApp.Web.Hosting.IIdleMemoryRelease>())
        {
            release.Release();
        }

        var loadedAfter = finder.LoadedEssays;
        using var similar = await app.Client(bob.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "조용한 서버도 앞서 올라온 댓글과 비슷한 글은 알아봐야 합니다!!" });

        Assert.Equal(HttpStatusCode.Created, original.StatusCode);
        Assert.True(loadedBefore > 0);
        Assert.Equal(0, loadedAfter); // given back
        Assert.Equal(HttpStatusCode.Conflict, similar.StatusCode); // loaded again from the database, with the first comment
    }

    [Fact]
    public async Task A_new_comment_is_on_the_page_at_the_next_anonymous_read()
    {
        var essay = await app.CreateEssayAsync();
        var writer = await app.CreateUserAsync("cache-writer");
        var canonical = await CanonicalPathAsync(essay);
        await ReadAsync(canonical); // now cached
        await ReadAsync("/api/essays");

        using var posted = await app.Client(writer.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "캐시가 비워졌는지 확인하는 새 댓글입니다." });
        var (page, html) = await ReadAsync(canonical);
        var (_, list) = await ReadAsync("/api/essays");

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("캐시가 비워졌는지 확인하는 새 댓글입니다.", html, StringComparison.Ordinal);
        Assert.Contains("\"commentCount\":1", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_display_name_shows_at_once_on_the_cached_page_and_API()
    {
        var essay = await app.CreateEssayAsync();
        var writer = await app.CreateUserAsync("renamed-writer");
        var canonical = await CanonicalPathAsync(essay);
        using var posted = await app.Client(writer.Token).PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "이름이 바뀔 사람의 댓글입니다." });
        var (_, before) = await ReadAsync(canonical); // cached with the old name
        await ReadAsync($"/api/essays/{essay}");

        using (var scope = app.Services.CreateScope())
        {
            var renamed = await scope.ServiceProvider.GetRequiredService<ForumApp.Data.Accounts.AccountService>().SetDisplayNameAsync(writer.Id, "새이름작가");
            Assert.True(renamed.Succeeded);
        }

        var (_, after) = await ReadAsync(canonical);
        var (_, api) = await ReadAsync($"/api/essays/{essay}");

        Assert.Contains("renamed-writer", before, StringComparison.Ordinal);
        Assert.Contains("새이름작가", after, StringComparison.Ordinal);
        Assert.Contains("새이름작가", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_readers_are_never_served_a_cached_page()
    {
        var essay = await app.CreateEssayAsync();
        var reader = await app.CreateUserAsync("cache-reader");
        var path = $"/api/essays/{essay}";

        await app.Client(reader.Token).GetAsync(new Uri(path, UriKind.Relative));
        using var second = await app.Client(reader.Token).GetAsync(new Uri(path, UriKind.Relative));

        Assert.Null(second.Headers.Age);
    }
}
