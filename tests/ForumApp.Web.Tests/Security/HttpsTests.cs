using System.Net;
using ForumApp.Web.Tests.Commenting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ForumApp.Web.Tests.Security;

/// <summary>Issue 14, item 7: over HTTPS (directly or behind a trusted proxy) Secure cookies and HSTS; never over HTTP.</summary>
public sealed class HttpsTests(AddressedAppFactory app) : IClassFixture<AddressedAppFactory>
{
    [Fact]
    public async Task Over_HTTPS_the_responses_carry_HSTS_and_every_cookie_is_Secure()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://forum.example/"), AllowAutoRedirect = false });
        var user = await app.CreateUserAsync("https-" + Guid.NewGuid().ToString("N")[..8]);

        var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var login = await CommentingAppFactory.SignInAsync(client, user);

        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = Cookies(page).Concat(Cookies(login)).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".ForumApp.Auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Over_plain_HTTP_there_is_no_HSTS_and_no_Secure_cookie()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://forum.example/"), AllowAutoRedirect = false });

        var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.All(Cookies(page), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Behind_a_proxy_on_loopback_the_forwarded_HTTPS_scheme_counts_and_from_anyone_else_it_does_not()
    {
        var viaProxy = app.ClientFrom("127.0.0.1");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var forged = app.ClientFrom("198.51.100.7");
        forged.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var proxied = await viaProxy.GetAsync(new Uri("https://forum.example/account/login"));
        var direct = await forged.GetAsync(new Uri("http://forum.example/account/login"));

        Assert.True(proxied.Headers.Contains("Strict-Transport-Security"));
        Assert.All(Cookies(proxied), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Images_may_come_only_from_this_site()
    {
        var response = await app.Client().GetAsync(new Uri("/", UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("img-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("data:", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("https:", csp, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];
}

/// <summary>The app on a real Kestrel socket (the in-memory server writes no Server header, Kestrel does).</summary>
public sealed class KestrelAppFactory : CommentingAppFactory
{
    public KestrelAppFactory()
    {
        UseKestrel();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseUrls("http://127.0.0.1:0");
    }
}

public sealed class ServerHeaderTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Kestrel_sends_no_Server_header()
    {
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };

        var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        var api = await client.GetAsync(new Uri("/api/essays", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(page.Headers.Server);
        Assert.Empty(api.Headers.Server);
    }
}
