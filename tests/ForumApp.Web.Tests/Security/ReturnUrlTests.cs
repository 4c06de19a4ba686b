using System.Net;
using CsCheck;
using ForumApp.Web.Tests.Commenting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Security;

/// <summary>The app as deployed (Production: the exception handler and error page), plus a route that throws on purpose.</summary>
public sealed class ProductionAppFactory : CommentingAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, ThrowingRouteFilter>();
            services.AddSingleton<ILookupNormalizer, ThrowingNormalizer>();
        });
    }

    /// <summary>The login name that makes signing in throw (a failure inside a page's POST handler).</summary>
    public const string ThrowingUserName = "throw-on-purpose";

    private sealed class ThrowingNormalizer : ILookupNormalizer
    {
        private readonly UpperInvariantLookupNormalizer _inner = new();

        public string? NormalizeName(string? name) => name == ThrowingUserName
            ? throw new InvalidOperationException("thrown on purpose")
            : _inner.NormalizeName(name);

        public string? NormalizeEmail(string? email) => _inner.NormalizeEmail(email);
    }

    // Runs after the app's own pipeline, so the app's exception handler sees the exception.
    private sealed class ThrowingRouteFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext http, RequestDelegate rest) => http.Request.Path == "/test/throw"
                ? throw new InvalidOperationException("thrown on purpose")
                : rest(http));
        };
    }
}

/// <summary>Issue 14, item 3: a sign-out always signs out, and a return address the app does not accept becomes "/".</summary>
public sealed class ReturnUrlTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    public static TheoryData<string> HostileReturnUrls => new()
    {
        "/\\evil.example/", "/\tevil.example/", "/\t/evil.example/", "/\r/evil.example/", "/\n/evil.example/",
        "/\\/evil.example/", "/\u3000/evil.example/", "/\v/evil.example/", "/\f/evil.example/", "//evil.example/",
        "https://evil.example/", "/\u00A0/evil.example/", "/\u200B/evil.example/", "\\\\evil.example", " /essays",
    };

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task Logout_with_any_return_address_signs_out_and_redirects_to_a_path_here(string returnUrl)
    {
        var user = await app.CreateUserAsync("leaver-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client();
        await CommentingAppFactory.SignInAsync(client, user);
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("id=\"logout-button\"", home, StringComparison.Ordinal);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(home),
            ["returnUrl"] = returnUrl,
        });
        var response = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var after = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("id=\"nav-login\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_keeps_an_ordinary_return_path_with_Korean_in_it()
    {
        var user = await app.CreateUserAsync("leaver-ko-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client();
        await CommentingAppFactory.SignInAsync(client, user);
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(home),
            ["returnUrl"] = "/essays/1/ai-민주화?page=2#c-3",
        });
        var response = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/essays/1/ai-%EB%AF%BC%EC%A3%BC%ED%99%94?page=2#c-3", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/%E3%80%80/evil.example/")]
    [InlineData("/%5Cevil.example/")]
    [InlineData("/%09/evil.example/")]
    [InlineData("%2F%2Fevil.example")]
    public async Task Login_with_a_hostile_return_address_signs_in_and_goes_home(string encodedReturnUrl)
    {
        var user = await app.CreateUserAsync("comer-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client();
        var login = await client.GetStringAsync(new Uri("/account/login?returnUrl=" + encodedReturnUrl, UriKind.Relative));

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(login),
            ["_handler"] = "login",
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = user.Password,
        });
        var response = await client.PostAsync(new Uri("/account/login?returnUrl=" + encodedReturnUrl, UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(client.BaseAddress!, response.Headers.Location!);
        Assert.Equal((client.BaseAddress!.Authority, "/"), (location.Authority, location.AbsolutePath));
        Assert.Contains("id=\"logout-button\"", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_return_address_is_home_or_an_ASCII_path_on_this_site()
    {
        Gen.String.Sample(s =>
        {
            var safe = ForumApp.Web.Components.Pages.Account.AccountLinks.SafeReturnUrl("/" + s);
            return safe == "/" || (safe[0] == '/' && safe[1] is not ('/' or '\\') && safe.All(c => c is > ' ' and < (char)0x7F && c != '\\'));
        });
    }

    [Fact]
    public async Task A_page_that_fails_on_GET_shows_the_Korean_error_page()
    {
        var response = await app.Client().GetAsync(new Uri("/test/throw", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("문제가 생겼습니다", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_that_fails_on_POST_shows_the_Korean_error_page()
    {
        var client = app.Client();
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CommentingAppFactory.AntiforgeryToken(login),
            ["_handler"] = "login",
            ["Input.UserName"] = ProductionAppFactory.ThrowingUserName,
            ["Input.Password"] = "whatever-1234",
        });

        var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("문제가 생겼습니다", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
