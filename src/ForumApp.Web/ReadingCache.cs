using System.Collections.Concurrent;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Queries;
using ForumApp.Web.Components.Shared;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

namespace ForumApp.Web;

/// <summary>
/// What readers see of an essay, prepared once per change: the essay with every comment, the reply forest, and the
/// HTML of the tree as an anonymous reader sees it (no edit or delete links).
/// </summary>
public sealed record EssayReadModel(EssayDetail Detail, IReadOnlyList<CommentNode> Threads, string AnonymousThreadHtml);

/// <summary>
/// Caches for reading, evicted the moment a change commits (through <see cref="IEssayChangeNotifier"/>):
/// <list type="bullet">
/// <item>the essay read model in memory, used by the essay page for every viewer: a page view then costs no query and
/// no tree building, only the page shell;</item>
/// <item>the read API in ASP.NET Core's output cache for anonymous callers.</item>
/// </list>
/// Whole Blazor pages are not output-cached: with interactive render modes configured, .NET 10 writes an antiforgery
/// cookie on every page response, and the output cache rightly refuses responses that set cookies.
/// Entries also expire after <see cref="Lifetime"/>, which bounds staleness between nodes until changes are broadcast.
/// </summary>
public sealed class ReadingCache(EssayQueries queries, IMemoryCache memory, IConfiguration configuration)
{
    /// <summary>The output-cache policy of the read API.</summary>
    public const string Policy = "reading";

    /// <summary>Tag of every cached response that lists essays (their comment counts change with every comment).</summary>
    public const string ListTag = "essays";

    /// <summary>How long a cached entry lives without a change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<int, long> _versions = new();

    // ReadingCache:Disabled=true turns the read-model cache off (for measuring what it saves; see scripts/bench-page.sh).
    private readonly bool _disabled = configuration.GetValue<bool>("ReadingCache:Disabled");

    /// <summary>Tag of every cached response that shows essay <paramref name="essayId"/>.</summary>
    public static string EssayTag(int essayId) => $"essay:{essayId}";

    /// <summary>The essay's read model, from memory when nothing changed since it was built; null for an unknown essay.</summary>
    public async Task<EssayReadModel?> GetEssayAsync(int essayId, CancellationToken cancellationToken = default)
    {
        var key = (nameof(EssayReadModel), essayId);
        if (!_disabled && memory.TryGetValue(key, out EssayReadModel? cached))
        {
            return cached;
        }

        // A change that commits while this read runs bumps the version: the possibly stale result is then not kept.
        var version = _versions.GetValueOrDefault(essayId);
        var detail = await queries.GetAsync(essayId, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var threads = detail.Threads();
        var model = new EssayReadModel(detail, threads, CommentThreadWriter.Write(threads, new ThreadView(EssayLinks.Path(detail.Essay.Id, detail.Essay.Slug))));
        if (!_disabled && _versions.GetValueOrDefault(essayId) == version)
        {
            memory.Set(key, model, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        }

        return model;
    }

    /// <summary>Forgets what was prepared for the essay.</summary>
    public void Invalidate(int essayId)
    {
        _versions.AddOrUpdate(essayId, 1, (_, v) => v + 1);
        memory.Remove((nameof(EssayReadModel), essayId));
    }

}

/// <summary>Registers the reading caches.</summary>
public static class ReadingCacheServiceCollectionExtensions
{
    /// <summary>The memory cache (bounded), the API's output cache, and the notifier that evicts both.</summary>
    public static IServiceCollection AddReadingCache(this IServiceCollection services)
    {
        // At most 256 essays' read models in memory; the least recently used go first.
        services.AddMemoryCache(o => o.SizeLimit = 256);
        services.AddSingleton<ReadingCache>();
        services.AddOutputCache(options => options.AddPolicy(ReadingCache.Policy, policy => policy
            .Expire(ReadingCache.Lifetime)
            .AddPolicy<EssayTagPolicy>()));
        services.AddSingleton<IEssayChangeNotifier, ReadingCacheNotifier>();
        return services;
    }

    /// <summary>Tags a cached API response with the essay named by the route's id, and with the list tag.</summary>
    private sealed class EssayTagPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.Tags.Add(ReadingCache.ListTag);
            if (context.HttpContext.Request.RouteValues.TryGetValue("id", out var id) && int.TryParse(id?.ToString(), out var essayId))
            {
                context.Tags.Add(ReadingCache.EssayTag(essayId));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }
}

/// <summary>Evicts everything cached about an essay, and the lists, when it changes.</summary>
internal sealed class ReadingCacheNotifier(ReadingCache cache, IOutputCacheStore store) : IEssayChangeNotifier
{
    public async Task EssayChangedAsync(int essayId, CancellationToken cancellationToken = default)
    {
        cache.Invalidate(essayId);
        await store.EvictByTagAsync(ReadingCache.EssayTag(essayId), cancellationToken);
        await store.EvictByTagAsync(ReadingCache.ListTag, cancellationToken);
    }
}
