using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Web.Tests.Commenting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Web.Tests.Security;

/// <summary>The app with each test request coming from the address in its <c>X-Test-Address</c> header (TestServer has none).</summary>
public sealed class AddressedAppFactory : CommentingAppFactory
{
    public const string AddressHeader = "X-Test-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, AddressFilter>());
    }

    /// <summary>A client whose requests come from <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(string address, string? token = null)
    {
        var client = Client(token);
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    // First in the pipeline, as Kestrel would set it.
    private sealed class AddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate rest) =>
            {
                if (http.Request.Headers[AddressHeader] is [{ } address])
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return rest(http);
            });
            next(app);
        };
    }
}

/// <summary>
/// Issue 14, item 5: failed logins and wrong API tokens are throttled per address (429 with Retry-After), and wrong
/// passwords lock only the address-and-account pair, never the account for its owner.
/// </summary>
public sealed class SignInThrottleTests(AddressedAppFactory app) : IClassFixture<AddressedAppFactory>
{
    [Fact]
    public async Task Sixty_failed_logins_from_one_address_are_held_back_after_ten_with_Retry_After()
    {
        var address = NewAddress();
        var client = app.ClientFrom(address);
        var token = await LoginTokenAsync(client);

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 60; i++)
        {
            statuses.Add(await LoginAsync(client, token, $"nobody-{i}", "wrong-password"));
        }

        Assert.All(statuses.Take(10), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(statuses.Skip(10), r => Assert.Equal((HttpStatusCode)429, r.StatusCode));
        Assert.Equal(TimeSpan.FromMinutes(5), statuses[10].Headers.RetryAfter?.Delta);
        // Blazor writes Korean from expressions as character references.
        Assert.Contains("로그인 시도가 너무 많습니다. 300초 뒤에", WebUtility.HtmlDecode(await statuses[10].Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_an_address_is_held_back_even_the_right_password_is_refused_and_then_accepted_after_the_wait()
    {
        var owner = await app.CreateUserAsync("patient-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.ClientFrom(NewAddress());
        var token = await LoginTokenAsync(client);
        for (var i = 0; i < 10; i++)
        {
            await LoginAsync(client, token, $"someone-{i}", "wrong-password");
        }

        var refused = await LoginAsync(client, token, owner.UserName, owner.Password);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var accepted = await LoginAsync(client, token, owner.UserName, owner.Password);

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task Ten_wrong_passwords_from_a_stranger_do_not_lock_the_owner_out()
    {
        var owner = await app.CreateUserAsync("owner-" + Guid.NewGuid().ToString("N")[..8]);
        var stranger = app.ClientFrom(NewAddress());
        var strangerToken = await LoginTokenAsync(stranger);
        for (var i = 0; i < 10; i++)
        {
            await LoginAsync(stranger, strangerToken, owner.UserName, "guess-" + i);
        }

        var ownersClient = app.ClientFrom(NewAddress());
        var response = await LoginAsync(ownersClient, await LoginTokenAsync(ownersClient), owner.UserName, owner.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("id=\"logout-button\"", await ownersClient.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_for_one_account_lock_that_pair_only()
    {
        var target = await app.CreateUserAsync("target-" + Guid.NewGuid().ToString("N")[..8]);
        var other = await app.CreateUserAsync("other-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.ClientFrom(NewAddress());
        var token = await LoginTokenAsync(client);
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(client, token, target.UserName, "guess-" + i);
        }

        var pairLocked = await LoginAsync(client, token, target.UserName, target.Password);
        var otherAccount = await LoginAsync(client, token, other.UserName, other.Password);

        Assert.Equal((HttpStatusCode)429, pairLocked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), pairLocked.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Redirect, otherAccount.StatusCode);
    }

    [Fact]
    public async Task Guessed_bearer_tokens_are_held_back_after_ten_even_a_right_one_from_that_address()
    {
        var user = await app.CreateUserAsync("tokened-" + Guid.NewGuid().ToString("N")[..8]);
        var address = NewAddress();

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            guesses.Add((await app.ClientFrom(address, $"fa_guess{i:D4}").GetAsync(new Uri("/api/account/antiforgery-token", UriKind.Relative))).StatusCode);
        }

        var rightButThrottled = await app.ClientFrom(address, user.Token).GetAsync(new Uri("/api/account/antiforgery-token", UriKind.Relative));
        var rightElsewhere = await app.ClientFrom(NewAddress(), user.Token).GetAsync(new Uri("/api/account/antiforgery-token", UriKind.Relative));
        var anonymousEndpoint = await app.ClientFrom(address, "fa_guess-anonymous").GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.All(guesses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(guesses.Skip(10), s => Assert.Equal((HttpStatusCode)429, s));
        Assert.Equal((HttpStatusCode)429, rightButThrottled.StatusCode);
        Assert.Equal("application/problem+json", rightButThrottled.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(rightButThrottled.Headers.RetryAfter?.Delta);
        Assert.Equal((HttpStatusCode)429, anonymousEndpoint.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightElsewhere.StatusCode);
        var problem = await rightButThrottled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("로그인 시도가 너무 많습니다", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    private static int s_nextAddress;

    // Each test its own address: the fixture (and its throttle) is shared by the class.
    private static string NewAddress() => $"10.14.0.{Interlocked.Increment(ref s_nextAddress)}";

    private static async Task<string> LoginTokenAsync(HttpClient client) =>
        CommentingAppFactory.AntiforgeryToken(await client.GetStringAsync(new Uri("/account/login", UriKind.Relative)));

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string antiforgery, string userName, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }
}
