using System.Globalization;
using ForumApp.Core;
using ForumApp.Web.Auth;
using ForumApp.Web.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Api;

/// <summary>
/// What every API endpoint shares: which requests are API requests, how an outcome becomes problem+json (one mapping
/// for every service), and the antiforgery rule for cookie-authenticated writes.
/// </summary>
public static class ApiConventions
{
    /// <summary>Where problem types live: <c>{base}{name}</c>, for example <c>…/problems/near-duplicate-comment</c>.</summary>
    public const string ProblemTypeBase = "https://forumapp.dev/problems/";

    /// <summary>True for requests to the JSON API (answered with problem+json, never an HTML page or a redirect).</summary>
    public static bool IsApiRequest(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The problem type URI of a short problem name.</summary>
    public static string ProblemType(string name) => ProblemTypeBase + name;

    /// <summary>
    /// The one mapping from a refused <see cref="Outcome"/> to problem+json: status from the kind, title from the
    /// Korean message, type from the problem name, extension members from the outcome's details, and
    /// <c>Retry-After</c> when the outcome says when to come back.
    /// </summary>
    public static ProblemHttpResult Problem(this HttpContext http, Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = outcome.Kind switch
        {
            OutcomeKind.Invalid => StatusCodes.Status400BadRequest,
            OutcomeKind.NotFound => StatusCodes.Status404NotFound,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeKind.Conflict => StatusCodes.Status409Conflict,
            OutcomeKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
            _ => throw new InvalidOperationException($"{outcome.Kind} is not a refusal."),
        };
        if (outcome.RetryAfter is TimeSpan wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(
            statusCode: status,
            title: outcome.Message,
            detail: outcome.Detail,
            type: outcome.ProblemType is { } name ? ProblemType(name) : null,
            extensions: outcome.Details.Count == 0 ? null : new Dictionary<string, object?>(outcome.Details));
    }

    /// <summary>A 400 for a request the endpoint cannot take as it is (a bad page number, a missing field).</summary>
    public static ProblemHttpResult BadRequest(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail, type: ProblemType(ProblemTypes.InvalidRequest));

    /// <summary>A 404 for an id the endpoint does not know.</summary>
    public static ProblemHttpResult NotFound(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    /// <summary>
    /// A cookie rides along with any cross-site request, a Bearer header never does: writes authenticated by the cookie
    /// must carry the antiforgery token (header <c>RequestVerificationToken</c>); token-authenticated writes need none.
    /// </summary>
    public static async ValueTask<object?> RequireAntiforgeryForCookies(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!http.User.IsTokenAuthenticated())
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "위조 방지 토큰이 없거나 올바르지 않습니다",
                    detail: "Requests authenticated by the site cookie must send the token from GET /api/account/antiforgery-token "
                        + "in the RequestVerificationToken header, or authenticate with Authorization: Bearer.",
                    type: ProblemType(ProblemTypes.Antiforgery));
            }
        }

        return await next(context);
    }

    /// <summary>Problem details, the JSON options (enums as camelCase strings) and the OpenAPI document.</summary>
    public static IServiceCollection AddForumApi(this IServiceCollection services)
    {
        // Every problem's title is the Korean text, localized here, at the edge, for English readers (the titles of
        // endpoints and the outcome messages of the services alike: their Korean text is the key in UiText).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Title is { Length: > 0 } title)
            {
                var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<UiText>>();
                context.ProblemDetails.Title = text.Message(title);
            }

            if (context.ProblemDetails.Detail is { Length: > 0 } detail)
            {
                var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<UiText>>();
                context.ProblemDetails.Detail = text.Message(detail);
            }
        });
        services.AddExceptionHandler<UnreadableJsonExceptionHandler>();
        services.AddExceptionHandler<ApiErrorExceptionHandler>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        return services;
    }

    /// <summary>
    /// Errors of API requests as problem+json (bodies that cannot be read are 400, anything else 500); pages get the
    /// Korean error and not-found pages. The exception handler sits at the top of the pipeline, not in a branch: only
    /// there does re-executing <c>/Error</c> go through routing again, whatever the failed request's method was (in a
    /// branch a failed POST ended as an empty 404).
    /// </summary>
    public static IApplicationBuilder UseForumErrorHandling(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment())
        {
            // Pages get the developer exception page; the API still answers problem+json.
            app.UseWhen(IsApiRequest, api => api.UseExceptionHandler());
        }
        else
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true });
        }

        app.UseWhen(IsApiRequest, api => api.UseStatusCodePages());
        app.UseWhen(http => !http.IsApiRequest(), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        return app;
    }
}
