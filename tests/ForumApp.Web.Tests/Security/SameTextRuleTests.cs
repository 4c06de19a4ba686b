using System.Net;
using System.Net.Http.Json;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Security;

/// <summary>Issue 14, item 6: the same-author 24-hour rule compares texts whose numbers differ as different.</summary>
public sealed class SameTextRuleTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    [Theory]
    [InlineData("합계는 1.000,00 유로입니다", "합계는 1 000,00 유로입니다")]
    [InlineData("합계는 1.000,00 유로입니다", "합계는 1,000.00 유로입니다")]
    [InlineData("경기는 3:2로 끝났다", "경기는 3/2로 끝났다")]
    public async Task Texts_that_differ_only_in_punctuation_between_digits_are_both_stored(string first, string second)
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("numbers-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client(user.Token);

        var a = await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = first });
        var b = await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = second });

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
    }

    [Fact]
    public async Task The_same_number_written_the_same_way_is_still_the_same_text()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("numbers-same-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client(user.Token);

        await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "합계는 1.000,00 유로입니다" });
        var again = await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = "합계는 1.000,00 유로입니다!!" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
