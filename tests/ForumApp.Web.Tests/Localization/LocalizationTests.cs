using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Localization;
using ForumApp.Web.Tests.Commenting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Tests.Localization;

/// <summary>
/// Korean by default, English for a browser that asks for it (Accept-Language) or for a reader who chose it (the
/// culture cookie set by /culture): the pages, &lt;html lang&gt;, dates, problem+json titles and the services' messages
/// follow; the shared page cache keeps one page per language.
/// </summary>
public sealed class LocalizationTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path, string? acceptLanguage = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await app.Client().SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> EssayWithDiscussionAsync()
    {
        var essay = await app.CreateEssayAsync("영어로 읽는 에세이");
        var user = await app.CreateUserAsync($"l10n-{Guid.NewGuid():N}"[..20]);
        var first = await app.Data.CommentAsync(user.Id, essay, "첫 댓글입니다. 한국어 내용은 그대로 둡니다.");
        await app.Data.CommentAsync(user.Id, essay, "답글입니다.", first.Id);
        return app.EssayPath(essay);
    }

    [Fact]
    public async Task Without_a_preference_pages_are_Korean()
    {
        var (response, html) = await GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"ko\">", html, StringComparison.Ordinal);
        Assert.Contains("로그인", html, StringComparison.Ordinal);
        Assert.Contains(">English</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US,en;q=0.9")]
    [InlineData("en")]
    [InlineData("fr-FR, en;q=0.5")]
    public async Task A_browser_that_asks_for_English_gets_English(string acceptLanguage)
    {
        var (_, html) = await GetAsync("/", acceptLanguage);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains(">Sign in</a>", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"ko\" hreflang=\"ko\"", html, StringComparison.Ordinal); // the switch back, in Korean
    }

    [Fact]
    public async Task A_browser_that_prefers_Korean_gets_Korean_even_if_it_also_reads_English()
    {
        var (_, html) = await GetAsync("/", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7");
        Assert.Contains("<html lang=\"ko\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_keeps_the_choice_in_the_culture_cookie_and_returns_to_the_page()
    {
        var (response, _) = await GetAsync("/culture?c=en&returnUrl=%2Fessays%2Fmine%3Fx%3D1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/essays/mine?x=1", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den;", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // The cookie wins over the browser's language, both ways.
        var (_, english) = await GetAsync("/", "ko-KR", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        var (_, korean) = await GetAsync("/", "en-US", ".AspNetCore.Culture=c%3Dko%7Cuic%3Dko");
        Assert.Contains("<html lang=\"ko\">", korean, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("")]
    public async Task The_switch_returns_only_to_a_page_of_this_site(string returnUrl)
    {
        var (response, _) = await GetAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_switch_returns_to_a_Korean_address_percent_encoded()
    {
        var (response, _) = await GetAsync("/culture?c=en&returnUrl=" + Uri.EscapeDataString("/?tag=민주주의"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?tag=%EB%AF%BC%EC%A3%BC%EC%A3%BC%EC%9D%98", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_switch_link_on_a_page_comes_back_to_that_page()
    {
        var (_, html) = await GetAsync("/?sort=active");
        Assert.Contains("href=\"/culture?c=en&amp;returnUrl=%2F%3Fsort%3Dactive\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_English_essay_page_has_no_Korean_UI_text_and_dates_in_English()
    {
        var path = await EssayWithDiscussionAsync();
        var (response, html) = await GetAsync(path, "en-US");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(EnglishPageText.KoreanUiText(html));
        Assert.Contains("2 comments", html, StringComparison.Ordinal);
        Assert.Contains("November 26, 2026", html, StringComparison.Ordinal); // the factory's clock
        Assert.Contains("data-new-comments=\"{0} new comments\"", html, StringComparison.Ordinal);
        Assert.Contains("첫 댓글입니다.", html, StringComparison.Ordinal); // content is never translated
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/search?q=forum")]
    [InlineData("/essays/424242/x")]
    public async Task English_pages_have_no_Korean_UI_text(string path)
    {
        await app.CreateEssayAsync();
        var (_, html) = await GetAsync(path, "en-US");
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Empty(EnglishPageText.KoreanUiText(html));
    }

    [Fact]
    public async Task The_shared_page_cache_keeps_one_page_per_language()
    {
        var path = await EssayWithDiscussionAsync();
        for (var i = 0; i < 2; i++)
        {
            var (koResponse, korean) = await GetAsync(path);
            var (enResponse, english) = await GetAsync(path, "en-US");
            Assert.Contains("<html lang=\"ko\">", korean, StringComparison.Ordinal);
            Assert.Contains("댓글 2개", korean, StringComparison.Ordinal);
            Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
            Assert.Contains("2 comments", english, StringComparison.Ordinal);
            Assert.NotEqual(koResponse.Headers.ETag, enResponse.Headers.ETag);
            Assert.Contains("Accept-Language", enResponse.Headers.Vary);
            Assert.Contains("Cookie", enResponse.Headers.Vary);
        }
    }

    private async Task<string> PostEnglishFormAsync(string path, string handler, Dictionary<string, string> fields)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "en-US");
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(page);
        fields["_handler"] = handler;
        using var form = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), form);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validation_messages_and_account_errors_are_in_English()
    {
        var login = await PostEnglishFormAsync("/account/login", "login", new() { ["Input.UserName"] = "", ["Input.Password"] = "" });
        Assert.Contains("<div class=\"validation-message\">Please enter your username.</div>", login, StringComparison.Ordinal);
        Assert.Empty(EnglishPageText.KoreanUiText(login));

        var taken = await app.CreateUserAsync($"l10n-{Guid.NewGuid():N}"[..20]);
        var register = await PostEnglishFormAsync("/account/register", "register", new()
        {
            ["Input.UserName"] = taken.UserName,
            ["Input.DisplayName"] = "",
            ["Input.Password"] = "long-enough-password-1",
            ["Input.ConfirmPassword"] = "long-enough-password-1",
        });
        Assert.Contains($"This username is already taken: {taken.UserName}", register, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_titles_follow_the_language()
    {
        var (_, korean) = await GetAsync("/api/essays/999999");
        var (_, english) = await GetAsync("/api/essays/999999", "en-US");
        Assert.Equal("에세이를 찾을 수 없습니다", Title(korean));
        Assert.Equal("Essay not found", Title(english));
    }

    [Fact]
    public async Task The_services_messages_are_localized_where_they_are_shown()
    {
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync($"l10n-{Guid.NewGuid():N}"[..20]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/essays/{essay}/comments", UriKind.Relative))
        {
            Content = JsonContent.Create(new { body = "   " }),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", "en");
        using var response = await app.Client(user.Token).SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Please write your comment. A comment of only spaces cannot be posted.", Title(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public void A_message_with_numbers_or_a_name_is_looked_up_by_its_pattern()
    {
        using var scope = app.Services.CreateScope();
        var text = scope.ServiceProvider.GetRequiredService<IStringLocalizer<UiText>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("A comment cannot be longer than 10,000 characters.", text.Message("댓글은 10,000자를 넘을 수 없습니다."));
            Assert.Equal("Merge #12 has already been undone.", text.Message("병합 #12은(는) 이미 되돌렸습니다."));
            Assert.Equal("This username is already taken: kim", text.Message("이미 쓰이는 아이디입니다: kim"));
            Assert.Equal("아직 번역이 없는 문장 3개", text.Message("아직 번역이 없는 문장 3개")); // shown as written
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko");
            Assert.Equal("댓글은 10,000자를 넘을 수 없습니다.", text.Message("댓글은 10,000자를 넘을 수 없습니다."));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Dates_are_written_per_language_in_Korea_time()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var at = new DateTime(2022, 12, 6, 0, 30, 0, DateTimeKind.Utc); // 9:30 in Seoul
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko");
            Assert.Equal("2022년 12월 6일", KoreanTime.Date(at));
            Assert.Equal("2022년 12월 6일 오전 9:30", KoreanTime.DateTime(at));
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("December 6, 2022", KoreanTime.Date(at));
            Assert.Equal("December 6, 2022, 9:30 AM", KoreanTime.DateTime(at));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    private static string? Title(string json) => JsonDocument.Parse(json).RootElement.GetProperty("title").GetString();
}
