using System.Net;
using System.Net.Http.Json;

namespace ForumApp.Web.Tests.Commenting;

public sealed class RateLimitTests(RateLimitedAppFactory app) : IClassFixture<RateLimitedAppFactory>
{
    [Fact]
    public async Task A_second_post_within_the_interval_is_429_problem_json_with_retry_after()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("fast-poster");
        var client = app.Client(user.Token);

        var first = await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "첫 번째 글입니다" });
        var second = await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "두 번째 글은 너무 빠릅니다" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.True(second.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task A_near_duplicate_warning_costs_no_slot_so_the_acknowledged_resend_is_stored_at_once()
    {
        var essay = await app.CreateEssayAsync();
        var first = app.Client((await app.CreateUserAsync("first-writer")).Token);
        var second = app.Client((await app.CreateUserAsync("second-writer")).Token);
        const string Text = "모두가 인공지능을 쓸 수 있어야 진짜 민주화라고 할 수 있다고 생각합니다.";
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = Text })).StatusCode);

        var warned = await second.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = Text });
        var resent = await second.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = Text, acknowledgeDuplicate = true });

        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        Assert.Equal(HttpStatusCode.Created, resent.StatusCode);
    }
}
