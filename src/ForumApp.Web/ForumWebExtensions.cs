using System.Threading.RateLimiting;
using ForumApp.Data;
using ForumApp.Web.Api;
using ForumApp.Web.Components;
using Serilog;

namespace ForumApp.Web;

/// <summary>Everything the web host registers and the order of its pipeline, in one place.</summary>
public static class ForumWebExtensions
{
    /// <summary>Registers the forum's services: data, Blazor, API, logging, health checks.</summary>
    public static WebApplicationBuilder AddForumWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());

        builder.Services.AddForumData(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "요청이 너무 많습니다",
                    detail: "잠시 뒤에 다시 시도해 주세요.").ExecuteAsync(context.HttpContext);
            // Reading is cheap but not free: a generous per-IP budget keeps one client from starving the rest.
            options.AddPolicy(RateLimits.Read, http => RateLimitPartition.GetTokenBucketLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 600,
                    TokensPerPeriod = 300,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return builder;
    }

    /// <summary>Migrates the database and imports the seed threads into an empty one.</summary>
    public static async Task InitializeForumDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        await initializer.MigrateAsync();
        await initializer.SeedAsync(SeedFolder.Find(app.Configuration, app.Environment.ContentRootPath));
    }

    /// <summary>The request pipeline: errors, security headers, logging, static files, API, pages.</summary>
    public static WebApplication UseForumWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            api =>
            {
                api.UseExceptionHandler();
                api.UseStatusCodePages();
            });
        app.UseWhen(
            c => !c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            pages =>
            {
                if (!app.Environment.IsDevelopment())
                {
                    pages.UseExceptionHandler("/Error", createScopeForErrors: true);
                }

                pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
            });

        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz");
        app.MapEssayApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

/// <summary>Names of the rate-limit policies.</summary>
public static class RateLimits
{
    /// <summary>Reading pages and the read API, per IP.</summary>
    public const string Read = "read";
}
