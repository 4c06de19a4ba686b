using System.Net;
using System.Net.Http.Json;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Security;

/// <summary>Issue 14, item 4: Retry-After says when a post of a new account will be accepted (its 30-second limit).</summary>
public sealed class RetryAfterTests(RateLimitedAppFactory app) : IClassFixture<RateLimitedAppFactory>
{
    [Fact]
    public async Task A_new_account_is_told_the_real_wait_and_is_accepted_exactly_then()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("newcomer-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client(user.Token);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "처음 씁니다" })).StatusCode);

        var atOnce = await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "바로 또 씁니다" });
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var tenSecondsLater = await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "10초 뒤에 씁니다" });
        app.Clock.Advance(TimeSpan.FromSeconds(19));
        var oneSecondEarly = await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "1초 이르게 씁니다" });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await client.PostAsJsonAsync($"/api/essays/{essay}/comments", new { body = "때맞춰 씁니다" });

        Assert.Equal(((HttpStatusCode)429, TimeSpan.FromSeconds(30)), (atOnce.StatusCode, atOnce.Headers.RetryAfter?.Delta));
        Assert.Equal(((HttpStatusCode)429, TimeSpan.FromSeconds(20)), (tenSecondsLater.StatusCode, tenSecondsLater.Headers.RetryAfter?.Delta));
        Assert.Equal(((HttpStatusCode)429, TimeSpan.FromSeconds(1)), (oneSecondEarly.StatusCode, oneSecondEarly.Headers.RetryAfter?.Delta));
        Assert.Equal(HttpStatusCode.Created, onTime.StatusCode);
    }
}
