using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ForumApp.Core.Accounts;
using ForumApp.Core.Comments;
using ForumApp.Data;
using ForumApp.Web.Moderation;
using ForumApp.Web.Tests.Commenting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ForumApp.Web.Tests.Security;

/// <summary>
/// The authorization matrix, generated: every operation of the OpenAPI document and every page with an authorization
/// requirement × anonymous, the comments' author, another commenter, a moderator and an admin × Bearer token and
/// cookie (with the antiforgery header), plus every write by cookie without the antiforgery header. What each cell
/// expects comes from the endpoint's own authorization metadata (policy, moderation area), so a new endpoint is
/// covered without a new row; the one rule metadata cannot express is written once below (<see cref="OwnerRule"/>).
/// Every cell that must be refused must be 401/403 and leave the database exactly as it was; every allowed cell must
/// succeed (so the matrix cannot pass by refusing everything); no cell may answer 5xx.
/// </summary>
public sealed class OpenApiAuthorizationMatrixTests(CommentingAppFactory app, ITestOutputHelper output) : IClassFixture<CommentingAppFactory>
{
    private static readonly string[] Roles = ["anonymous", "author", "commenter", "moderator", "admin"];

    private enum Access
    {
        Public,
        SignedIn,
        Moderator,
        Admin,
    }

    /// <summary>
    /// What endpoint metadata cannot say: a comment's text belongs to its author (moderators do not edit it), and only
    /// its author or a moderator deletes it. Every write cell acts on comments written by "author".
    /// </summary>
    private static bool OwnerRule(string method, string path, string role) => (method, path) switch
    {
        ("PUT", "/api/comments/{id}") => role == "author",
        ("DELETE", "/api/comments/{id}") => role is "author" or "moderator" or "admin",
        _ => true,
    };

    /// <summary>
    /// Operations and pages whose rule depends on a resource's state as well as the caller (an essay's author, its
    /// status: a draft is 404 to everyone but its author and moderators), with their own matrix of six callers:
    /// <see cref="Essays.EssayAuthorizationMatrixTests"/>. The generated matrix still asserts that each is there and
    /// refuses anonymous callers; nothing else is left out.
    /// </summary>
    private static readonly HashSet<string> s_ownMatrix = new(StringComparer.Ordinal)
    {
        "POST /api/essays", "PUT /api/essays/{id}", "POST /api/essays/{id}/publish", "POST /api/essays/{id}/unpublish",
        "POST /api/essays/{id}/restore", "GET /api/essays/draft", "POST /api/essays/draft", "GET /api/essays/{id}/draft",
        "POST /api/essays/{id}/draft", "page /essays/new", "page /essays/{Id:int}/edit",
    };

    [Fact]
    public async Task Operations_with_their_own_matrix_refuse_anonymous_callers()
    {
        var document = JsonNode.Parse(await app.Client().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var own = Operations(document).Where(o => s_ownMatrix.Contains(o.Key)).ToList();
        var pages = Pages().Where(p => s_ownMatrix.Contains("page " + p.Path)).ToList();

        Assert.Equal(s_ownMatrix.Count, own.Count + pages.Count);
        foreach (var op in own)
        {
            Assert.NotEqual(Access.Public, op.Access);
            var path = op.Path.Replace("{id}", (await app.CreateEssayAsync()).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), new Uri(path, UriKind.Relative));
            if (op.Method != "GET")
            {
                request.Content = JsonContent.Create(new { title = "제목", bodyMarkdown = "본문" });
            }

            using var response = await app.Client().SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{op.Key} anonymous: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task No_caller_gets_past_an_endpoint_it_is_not_allowed_through()
    {
        var clock = Stopwatch.StartNew();
        var callers = await CallersAsync();
        var document = JsonNode.Parse(await app.Client().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var operations = Operations(document).Where(o => !s_ownMatrix.Contains(o.Key)).ToList();
        var pages = Pages().Where(p => !s_ownMatrix.Contains("page " + p.Path)).ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations in the OpenAPI document");

        var failures = new List<string>();
        var cells = 0;
        var allowedSeen = new HashSet<string>(StringComparer.Ordinal);
        var shared = new World(this);
        foreach (var op in operations)
        {
            foreach (var role in Roles)
            {
                foreach (var credential in role == "anonymous" ? new[] { "none" } : ["token", "cookie"])
                {
                    cells++;
                    var world = op.Method == "GET" ? shared : new World(this);
                    var result = await RunAsync(op, callers[role], credential, world, withAntiforgery: true);
                    var allowed = Allowed(op, role);
                    if (Judge(op, role, credential, allowed, result) is { } failure)
                    {
                        failures.Add(failure);
                    }
                    else if (allowed)
                    {
                        allowedSeen.Add(op.Key);
                    }
                }
            }

            if (op.Method != "GET")
            {
                // Cross-site request forgery: an allowed caller's cookie without the antiforgery header.
                cells++;
                var role = Roles.First(r => r != "anonymous" && Allowed(op, r));
                var result = await RunAsync(op, callers[role], "cookie", new World(this), withAntiforgery: false);
                if (result.Status != HttpStatusCode.BadRequest || !result.Body.Contains("/problems/antiforgery", StringComparison.Ordinal) || result.Changed)
                {
                    failures.Add($"{op.Key} as {role} by cookie WITHOUT antiforgery: {(int)result.Status} changed={result.Changed}");
                }
            }
        }

        foreach (var page in pages)
        {
            foreach (var role in Roles)
            {
                foreach (var credential in role == "anonymous" ? new[] { "none" } : ["token", "cookie"])
                {
                    cells++;
                    using var response = await callers[role].Send(credential, new HttpRequestMessage(HttpMethod.Get, new Uri(page.Path, UriKind.Relative)), withAntiforgery: false);
                    var expected = role == "anonymous"
                        ? page.ModerationArea ? HttpStatusCode.Forbidden : HttpStatusCode.Redirect
                        : page.Access == Access.Moderator && role is not ("moderator" or "admin") ? HttpStatusCode.Forbidden
                        : page.Access == Access.Admin && role != "admin" ? HttpStatusCode.Forbidden
                        : HttpStatusCode.OK;
                    if (response.StatusCode != expected)
                    {
                        failures.Add($"page {page.Path} as {role} by {credential}: {(int)response.StatusCode}, expected {(int)expected}");
                    }
                }
            }
        }

        output.WriteLine($"{operations.Count} operations + {pages.Count} pages, {cells} cells, {failures.Count} failures, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(operations.Select(o => o.Key).Order(), allowedSeen.Order());
    }

    private static bool Allowed(Operation op, string role) => op.Access switch
    {
        Access.Public => true,
        Access.SignedIn => role != "anonymous" && OwnerRule(op.Method, op.Path, role),
        Access.Admin => role == "admin",
        _ => role is "moderator" or "admin" && OwnerRule(op.Method, op.Path, role),
    };

    private static string? Judge(Operation op, string role, string credential, bool allowed, CellResult result)
    {
        var cell = $"{op.Key} as {role} by {credential}: {(int)result.Status}";
        if ((int)result.Status >= 500)
        {
            return cell + " (server error)";
        }

        if (allowed)
        {
            return (int)result.Status is >= 200 and < 300 ? null : cell + $", expected success; {Trim(result.Body)}";
        }

        var expected = role == "anonymous" && !op.ModerationArea ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        if (result.Status != expected)
        {
            return cell + $", expected {(int)expected}";
        }

        return result.Changed ? cell + " but the database changed" : null;
    }

    private static string Trim(string body) => body.Length <= 300 ? body : body[..300];

    private async Task<CellResult> RunAsync(Operation op, Caller caller, string credential, World world, bool withAntiforgery)
    {
        var url = new StringBuilder();
        foreach (var segment in op.Path.Split('/'))
        {
            if (segment.Length > 0)
            {
                // {id} is the resource the path names, {name} a person; any other parameter is a number that exists for
                // it (revision 1).
                url.Append('/').Append(segment switch
                {
                    "{id}" => (await world.PathIdAsync(op.Path)).ToString(CultureInfo.InvariantCulture),
                    "{name}" => await world.UserNameAsync(),
                    _ when segment.StartsWith('{') => "1",
                    _ => segment,
                });
            }
        }

        if (op.QueryParameters.Contains("force"))
        {
            url.Append("?force=true");
        }

        if (op.QueryParameters.Contains("q"))
        {
            url.Append("?q=AI"); // a search needs something to look for
        }

        using var request = new HttpRequestMessage(new HttpMethod(op.Method), new Uri(url.ToString(), UriKind.Relative));
        if (op.BodySchema is { } schema)
        {
            request.Content = JsonContent.Create(await BodyAsync(Resolve(schema, op.Document), op.Document, world));
        }

        var before = await FingerprintAsync();
        using var response = await caller.Send(credential, request, withAntiforgery);
        // A live event stream never ends: its status and headers are the answer.
        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        await WaitForScanAsync();
        var after = await FingerprintAsync();
        return new CellResult(response.StatusCode, body, before != after);
    }

    // A minimal valid body from the request schema: every property, filled by its name and type.
    private static async Task<JsonObject> BodyAsync(JsonNode schema, JsonNode document, World world)
    {
        var body = new JsonObject();
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            var p = Resolve(property!, document);
            if (p["oneOf"] is JsonArray oneOf)
            {
                p = Resolve(oneOf.First(o => o?["type"]?.GetValue<string>() != "null")!, document);
            }

            body[name] = name switch
            {
                _ when p["enum"] is JsonArray values => values.First(v => v is not null)!.GetValue<string>(),
                "body" => "행렬 검사 " + Guid.NewGuid().ToString("N"),
                "note" or "reason" => "행렬 검사",
                "parentId" or "paragraphId" or "stance" => null,
                "acknowledgeDuplicate" => true,
                "canonicalId" => await world.MergeCanonicalAsync(),
                "memberIds" => new JsonArray(await world.MergeMemberAsync()),
                "commentIds" => new JsonArray([.. (await world.DismissPairAsync()).Select(id => (JsonNode)id)]),
                "ids" => new JsonArray(),
                "all" => true,
                "role" => ForumRoles.Author,
                _ => throw new InvalidOperationException($"The matrix does not know how to fill \"{name}\": add it to BodyAsync."),
            };
        }

        return body;
    }

    private static JsonNode Resolve(JsonNode schema, JsonNode document) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference.Split('/')[^1]]!
            : schema;

    private IEnumerable<Operation> Operations(JsonNode document)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                var endpoint = endpoints.SingleOrDefault(e =>
                    Template(e.RoutePattern.RawText) == path
                    && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(verb) == true)
                    ?? throw new InvalidOperationException($"No endpoint for {verb} {path} among: " + string.Join(", ", endpoints.Select(e => Template(e.RoutePattern.RawText) + " " + string.Join("|", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])).Where(t => t.Contains("api", StringComparison.Ordinal))));
                var query = operation!["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()) ?? [];
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var access = AccessOf(endpoint);
                Assert.False(verb != "GET" && access == Access.Public, $"{verb} {path} changes data and has no authorization requirement.");
                yield return new Operation(verb, path, access, endpoint.Metadata.GetMetadata<ModerationAreaAttribute>() is not null, [.. query], bodySchema, document);
            }
        }
    }

    // Pages with an authorization requirement (Razor component endpoints), GET only.
    private IEnumerable<Page> Pages() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && AccessOf(e) != Access.Public)
            .Select(e => new Page(e.RoutePattern.RawText!, AccessOf(e), e.Metadata.GetMetadata<ModerationAreaAttribute>() is not null
                || e.Metadata.GetMetadata<ComponentTypeMetadata>()!.Type.GetCustomAttributes(typeof(ModerationAreaAttribute), true).Length > 0))
            .DistinctBy(p => p.Path);

    private static Access AccessOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Access.Public;
        }

        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        return authorize.Any(a => a.Policy == Auth.ForumAuth.AdminPolicy) ? Access.Admin
            : authorize.Any(a => a.Policy == Auth.ForumAuth.ModeratorPolicy) ? Access.Moderator
            : authorize.Count > 0 ? Access.SignedIn
            : Access.Public;
    }

    private static string Template(string? raw)
    {
        var text = System.Text.RegularExpressions.Regex.Replace("/" + (raw ?? ""), "/+", "/");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\{(\w+)(:[^}]*)?\}", "{$1}");
        return text.Length > 1 ? text.TrimEnd('/') : text;
    }

    // Rows that every kind of write touches: a refused cell must leave every one of them as it was.
    private async Task<string> FingerprintAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        var parts = new List<object>
        {
            await db.ChangeLog.CountAsync(),
            await db.AuditLog.CountAsync(),
            await db.Comments.CountAsync(c => c.Status == CommentStatus.Visible),
            await db.CommentRevisions.CountAsync(),
            await db.Merges.CountAsync(),
            await db.Merges.CountAsync(m => m.UndoneAt != null),
            await db.CommentFlags.CountAsync(),
            await db.CommentFlags.CountAsync(f => f.Status == Core.Moderation.FlagStatus.Open),
            await db.DuplicateSuggestions.CountAsync(s => s.Status == Core.Moderation.DuplicateSuggestionStatus.Open),
            await db.CommentReactions.CountAsync(),
            await db.EssayReactions.CountAsync(),
            await db.Notifications.CountAsync(n => n.ReadAt != null),
        };
        return string.Join(",", parts);
    }

    private async Task WaitForScanAsync()
    {
        var job = app.Services.GetRequiredService<DuplicateScanJob>();
        for (var i = 0; i < 600 && job.Status.Running; i++)
        {
            await Task.Delay(50);
        }
    }

    private async Task<Dictionary<string, Caller>> CallersAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var callers = new Dictionary<string, Caller> { ["anonymous"] = new Caller(app.Client(), null, null) };
        foreach (var (role, forumRole) in new[] { ("author", ForumRoles.Commenter), ("commenter", ForumRoles.Commenter), ("moderator", ForumRoles.Moderator), ("admin", ForumRoles.Admin) })
        {
            var user = await app.CreateUserAsync($"matrix-{role}-{suffix}", forumRole);
            var cookie = app.Client();
            Assert.Equal(HttpStatusCode.Redirect, (await CommentingAppFactory.SignInAsync(cookie, user)).StatusCode);
            var antiforgery = await cookie.GetFromJsonAsync<JsonElement>("/api/account/antiforgery-token");
            callers[role] = new Caller(cookie, app.Client(user.Token), (antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString()!));
        }

        _setup = app.Client((await app.CreateUserAsync("matrix-setup-" + suffix, ForumRoles.Admin)).Token);
        _author = callers["author"].Token!;
        _commenter = callers["commenter"].Token!;
        return callers;
    }

    private CommentingAppFactory App => app;

    private HttpClient? _setup;
    private HttpClient? _author;
    private HttpClient? _commenter;

    private sealed record Operation(string Method, string Path, Access Access, bool ModerationArea, string[] QueryParameters, JsonNode? BodySchema, JsonNode Document)
    {
        public string Key => Method + " " + Path;
    }

    private sealed record Page(string Path, Access Access, bool ModerationArea);

    private sealed record CellResult(HttpStatusCode Status, string Body, bool Changed);

    private sealed record Caller(HttpClient? Cookie, HttpClient? Token, (string Name, string Value)? Antiforgery)
    {
        public Task<HttpResponseMessage> Send(string credential, HttpRequestMessage request, bool withAntiforgery)
        {
            if (credential == "cookie" && withAntiforgery && Antiforgery is { } header)
            {
                request.Headers.Add(header.Name, header.Value);
            }

            return (credential == "token" ? Token : Cookie)!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
    }

    /// <summary>
    /// Fresh resources for one cell, made on first use through the API by the author, the other commenter and an
    /// admin outside the matrix: the comment every cell acts on (the author's), a near-duplicate pair for dismissing,
    /// a pair to merge, a merge to undo, a deleted comment to restore, an open flag.
    /// </summary>
    private sealed class World(OpenApiAuthorizationMatrixTests test)
    {
        private int? _essay;
        private int? _comment;
        private int[]? _dismissPair;
        private int[]? _mergePair;
        private int? _merge;
        private int? _deleted;
        private int? _flag;
        private string? _userName;

        public async Task<int> EssayAsync() => _essay ??= await test.App.CreateEssayAsync();

        public async Task<int> CommentAsync() => _comment ??= await PostAsync(test._author!, "행렬의 댓글 " + Guid.NewGuid().ToString("N"));

        /// <summary>A fresh commenter account's user name, for the paths that name a person (<c>{name}</c>).</summary>
        public async Task<string> UserNameAsync() =>
            _userName ??= (await test.App.CreateUserAsync("matrix-person-" + Guid.NewGuid().ToString("N")[..8])).UserName;

        public async Task<int[]> DismissPairAsync() => _dismissPair ??= await PairAsync();

        public async Task<int> MergeCanonicalAsync() => (_mergePair ??= await PairAsync())[0];

        public async Task<int> MergeMemberAsync() => (_mergePair ??= await PairAsync())[1];

        // By the resource the path names: every path under /api/essays/{id} takes the essay, under /api/comments/{id}
        // the author's comment, so new sub-resources are covered without a change here.
        public async Task<int> PathIdAsync(string path) => path switch
        {
            _ when path.StartsWith("/api/essays/{id}", StringComparison.Ordinal) => await EssayAsync(),
            _ when path.StartsWith("/api/comments/{id}", StringComparison.Ordinal) => await CommentAsync(),
            _ when path.StartsWith("/api/moderation/merges/{id}", StringComparison.Ordinal) => _merge ??= await MergeAsync(),
            _ when path.StartsWith("/api/moderation/comments/{id}", StringComparison.Ordinal) => _deleted ??= await DeletedAsync(),
            _ when path.StartsWith("/api/moderation/flags/{id}", StringComparison.Ordinal) => _flag ??= await FlagAsync(),
            _ => throw new InvalidOperationException($"The matrix does not know which id {path} takes: add it to World.PathIdAsync."),
        };

        private async Task<int[]> PairAsync()
        {
            var text = "두 사람이 똑같이 쓴 긴 문장입니다. 중복 검사가 이 둘을 짝지어야 합니다. " + Guid.NewGuid().ToString("N");
            return [await PostAsync(test._author!, text), await PostAsync(test._commenter!, text)];
        }

        private async Task<int> MergeAsync()
        {
            var pair = await PairAsync();
            var response = await test._setup!.PostAsJsonAsync("/api/moderation/merges", new { canonicalId = pair[0], memberIds = new[] { pair[1] }, reason = "setup" });
            return await IdAsync(response);
        }

        private async Task<int> DeletedAsync()
        {
            var id = await PostAsync(test._author!, "지울 댓글 " + Guid.NewGuid().ToString("N"));
            Assert.Equal(HttpStatusCode.NoContent, (await test._author!.DeleteAsync(new Uri($"/api/comments/{id}", UriKind.Relative))).StatusCode);
            return id;
        }

        private async Task<int> FlagAsync()
        {
            var comment = await CommentAsync();
            var response = await test._commenter!.PostAsJsonAsync($"/api/comments/{comment}/flags", new { reason = "spam", note = "setup" });
            return await IdAsync(response);
        }

        private async Task<int> PostAsync(HttpClient client, string body) =>
            await IdAsync(await client.PostAsJsonAsync($"/api/essays/{await EssayAsync()}/comments?force=true", new { body }));

        private static async Task<int> IdAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"setup failed: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
        }
    }
}
