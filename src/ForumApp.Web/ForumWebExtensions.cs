using ForumApp.Data;
using ForumApp.Web.Api;
using ForumApp.Web.Api.Comments;
using ForumApp.Web.Api.Essays;
using ForumApp.Web.Api.Moderation;
using ForumApp.Web.Api.Notifications;
using ForumApp.Web.Api.People;
using ForumApp.Web.Api.Reactions;
using ForumApp.Web.Api.Search;
using ForumApp.Web.Auth;
using ForumApp.Web.Cluster;
using ForumApp.Web.Components;
using ForumApp.Web.Composing;
using ForumApp.Web.Drafts;
using ForumApp.Web.Feeds;
using ForumApp.Web.Https;
using ForumApp.Web.Live;
using ForumApp.Web.Localization;
using ForumApp.Web.Moderation;
using ForumApp.Web.People;
using ForumApp.Web.Posting;
using ForumApp.Web.RateLimiting;
using ForumApp.Web.Reading;
using Serilog;

namespace ForumApp.Web;

/// <summary>The web host's table of contents: every service it registers and the order of its pipeline.</summary>
public static class ForumWebExtensions
{
    /// <summary>Registers the forum's services: data, reading caches, Blazor, API, accounts, limits, moderation, health.</summary>
    public static WebApplicationBuilder AddForumWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // `dotnet run` serves http://localhost:5080 unless told otherwise (--urls, ASPNETCORE_URLS). There is no launch
        // profile on purpose: `dotnet run` prints "Using launch settings…" on stdout, which would corrupt the output
        // of verbs like `dedup FILE --json`. Static web assets (blazor.web.js, scoped CSS) are served from the build
        // output in every environment, so the plain build runs as Production too.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        builder.WebHost.UseStaticWebAssets();
        builder.AddForumHttps();
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());

        var services = builder.Services;
        services.AddForumData(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddReadingCache();
        services.AddForumLive(); // after the caches: a reader told of a change must find the caches already evicted
        services.AddForumLocalization(); // UI text: Localization/UiText, Korean or English (docs/localization.md)
        // A circuit message carries a whole field: an essay of 200,000 characters is about 600 KB of UTF-8, far above
        // SignalR's 32 KB default (the editor sends it when typing pauses, not on every keystroke).
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddForumApi();
        services.AddForumAuth(builder.Configuration);
        services.AddForumRateLimiting(builder.Configuration);
        services.AddSingleton(PostingLimitOptions.From(builder.Configuration));
        services.AddSingleton<PostingLimiter>();
        services.AddDraftAutosave(builder.Configuration);
        services.AddForumModeration();
        services.AddForumCluster(builder.Configuration, services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database"));
        services.AddSingleton(Hosting.IdleMemoryTrimOptions.From(builder.Configuration));
        services.AddHostedService<Hosting.IdleMemoryTrim>();
        services.AddSingleton<Hosting.IIdleMemoryRelease, Hosting.NearDuplicateIndexRelease>();
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

    /// <summary>The request pipeline: forwarded headers and HSTS, errors, security headers, logging, accounts, limits, caches, then the endpoints.</summary>
    public static WebApplication UseForumWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForumCluster();
        app.UseForumHttps();
        app.UseRequestLocalization(); // before the error handling: error pages and problem+json titles are localized too
        app.UseForumErrorHandling();
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging();
        app.UseSignInThrottle();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // The page cache first: a stored page was rendered under its essay's address, and a change of the address evicts
        // it, so a hit needs no check (the check reads the essay's whole read model: 10 MB at 10,000 comments).
        app.UsePublicPageCache();
        app.UseEssayAddressRedirect();
        app.UseOutputCache();
        app.UseResponseCompression();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapEssayApi();
        app.MapEssayWriteApi();
        app.MapCommentApi();
        app.MapModerationApi();
        app.MapSearchApi();
        app.MapFeeds();
        app.MapLiveEvents();
        app.MapAccountEndpoints();
        app.MapCultureSwitch();
        app.MapComposerForm();
        app.MapReactionApi();
        app.MapNotificationApi();
        app.MapPeopleApi();
        app.MapPeopleForms();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
