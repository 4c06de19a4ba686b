using ForumApp.Core.Changes;
using ForumApp.Data;
using ForumApp.Data.Comments;
using ForumApp.Data.Diagnostics;
using ForumApp.Web.Reading;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using StackExchange.Redis;

namespace ForumApp.Web.Cluster;

/// <summary>What it takes to run the forum on one node or several: shared keys, proxies, Redis, metrics.</summary>
public static class ClusterExtensions
{
    /// <summary>Tag combinations kept apart per metric stream (OpenTelemetry preallocates them).</summary>
    private const int MetricsCardinalityLimit = 500;

    /// <summary>
    /// Data Protection keys in the database (every node reads the same ones: a cookie issued by one node works on all),
    /// forwarded headers from trusted proxies, metrics, and, when <c>ConnectionStrings:Redis</c> is set, the Redis relay of
    /// the change feed, a cluster-wide lock for background work and a Redis health check.
    /// </summary>
    public static IServiceCollection AddForumCluster(this IServiceCollection services, IConfiguration configuration, IHealthChecksBuilder health)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(health);
        services.AddDataProtection().SetApplicationName("ForumApp").PersistKeysToDbContext<ForumDbContext>();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback proxies are trusted by default; others are named (ForwardedHeaders:KnownProxies = "10.0.0.5,10.0.0.6").
            foreach (var proxy in (configuration["ForwardedHeaders:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(ForumMetrics.MeterName)
            // Each metric stream preallocates room for its limit of tag combinations: 2,000 by default, 144 KB a stream,
            // 8 MB for the 56 streams here. The forum's tags (route, method, status; the forum's own few) stay far under
            // 500; beyond it a measurement is still counted, under the overflow series (otel.metric.overflow=true).
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricsCardinalityLimit })
            .AddPrometheusExporter());

        services.AddSingleton<ICacheReset, ReadingCacheReset>();
        services.AddSingleton<ICacheReset>(sp => new NearDuplicateReset(sp.GetRequiredService<EngineNearDuplicateFinder>()));
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IWorkLock, LocalWorkLock>();
            return services;
        }

        var cluster = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        services.AddSingleton(cluster);
        var redisOptions = ConfigurationOptions.Parse(redis);
        redisOptions.AbortOnConnectFail = false; // a node starts and serves without Redis, and connects when it can
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
        services.AddSingleton<ClusterSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSync>());
        services.AddSingleton<IForumChangeListener>(sp => sp.GetRequiredService<ClusterSync>());
        services.AddSingleton<IWorkLock, RedisWorkLock>();
        health.AddCheck<RedisHealthCheck>("redis");
        return services;
    }

    /// <summary>Forwarded headers first, then the metrics endpoint (answered to loopback callers, or everyone when <c>Metrics:Public</c>).</summary>
    public static WebApplication UseForumCluster(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        var open = app.Configuration.GetValue<bool>("Metrics:Public");
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == "/metrics" && (open || (http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip))));
        return app;
    }

    private sealed class ReadingCacheReset(ReadingCache reading, PublicPageCache pages, Microsoft.AspNetCore.OutputCaching.IOutputCacheStore store) : ICacheReset
    {
        public async Task ResetAsync(CancellationToken cancellationToken = default)
        {
            reading.InvalidateAll();
            pages.InvalidateAll();
            await store.EvictByTagAsync(ReadingCache.AllTag, cancellationToken);
        }
    }

    private sealed class NearDuplicateReset(EngineNearDuplicateFinder finder) : ICacheReset
    {
        public Task ResetAsync(CancellationToken cancellationToken = default)
        {
            finder.Reset();
            return Task.CompletedTask;
        }
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:0.#} ms");
            }
            catch (RedisException e)
            {
                // Degraded, not unhealthy: the node keeps serving and catches up from the change log.
                return HealthCheckResult.Degraded("Redis does not answer; changes reach this node through the change log.", e);
            }
        }
    }
}
