using System.Collections.Concurrent;
using System.Globalization;
using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Data.Queries;
using ForumApp.Web.Components.Shared;
using ForumApp.Web.Hosting;
using ForumApp.Web.Localization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Reading;

/// <summary>
/// What readers see of an essay, prepared once per change: the essay with every comment, the reply forest, its pages
/// in each order, and the HTML of each page's threads as an anonymous reader sees it (no edit or delete links).
/// </summary>
public sealed class EssayReadModel(EssayDetail detail, IReadOnlyList<CommentNode> threads)
{
    private readonly ConcurrentDictionary<(ThreadSort, DiscussionFilter), DiscussionPages> _pages = new();
    private readonly ConcurrentDictionary<(ThreadSort, int, DiscussionFilter, string), string> _anonymousHtml = new();
    private DebateSummary? _summary;
    private DebateView? _debate;

    /// <summary>The essay and every comment.</summary>
    public EssayDetail Detail { get; } = detail;

    /// <summary>The reply forest readers see, oldest thread first.</summary>
    public IReadOnlyList<CommentNode> Threads { get; } = threads;

    /// <summary>Where the essay lives.</summary>
    public string EssayPath { get; } = EssayLinks.Path(detail.Essay.Id, detail.Essay.Slug);

    private Dictionary<int, CommentNode>? _nodes;

    /// <summary>
    /// Where a comment readers see is shown: the page of its thread (<c>?page=N#c-id</c>), or, below the depth cap, the
    /// continuation page of its ancestor at the cap. Null when the comment is not in the forest.
    /// </summary>
    public string? CommentAddress(int commentId)
    {
        var nodes = _nodes ??= Flatten(Threads);
        if (!nodes.TryGetValue(commentId, out var node) || Pages().PageOf(node.Comment.Id) is not int page)
        {
            return null;
        }

        var cap = ThreadDisplay.DefaultMaxDepth;
        if (node.Depth <= cap)
        {
            return $"{DiscussionLinks.PagePath(EssayPath, ThreadSort.Oldest, page)}#c-{commentId}";
        }

        var rootDepth = ((node.Depth + cap - 1) / cap - 1) * cap;
        var ancestor = node;
        while (ancestor.Depth > rootDepth && ancestor.Comment.ParentId is int parent && nodes.TryGetValue(parent, out var up))
        {
            ancestor = up;
        }

        return $"{EssayPath}/comments/{ancestor.Comment.Id}#c-{commentId}";
    }

    private static Dictionary<int, CommentNode> Flatten(IReadOnlyList<CommentNode> forest)
    {
        var all = new Dictionary<int, CommentNode>();
        var stack = new Stack<CommentNode>(forest);
        while (stack.TryPop(out var node))
        {
            all[node.Comment.Id] = node;
            foreach (var merged in node.MergedIds)
            {
                all.TryAdd(merged, node);
            }

            foreach (var child in node.Children)
            {
                stack.Push(child);
            }
        }

        return all;
    }

    /// <summary>The debate's shape: stance counts, the most discussed paragraphs, the longest threads.</summary>
    public DebateSummary Summary => _summary ??= DebateSummary.Build(Detail.Comments, Threads, Detail.Paragraphs);

    /// <summary>What the comment writer needs to say which paragraph and which revision a reply answered.</summary>
    public DebateView Debate => _debate ??= new DebateView(
        Detail.Essay.Id, Detail.Essay.Revision, Detail.Paragraphs.OrderBy(p => p.Position).Select((p, i) => (p.ParagraphId, i + 1)).ToDictionary());

    /// <summary>The discussion's pages in <paramref name="sort"/> order.</summary>
    public DiscussionPages Pages(ThreadSort sort = ThreadSort.Oldest) => Pages(sort, DiscussionFilter.None);

    /// <summary>
    /// The pages of the replies <paramref name="filter"/> asks for (each with its own replies), in <paramref name="sort"/>
    /// order; the whole discussion for an empty filter.
    /// </summary>
    public DiscussionPages Pages(ThreadSort sort, DiscussionFilter filter) =>
        _pages.GetOrAdd((sort, filter), key => DiscussionPages.Build(
            key.Item2.IsEmpty ? Threads : DebateSummary.Filter(Threads, key.Item2.Matches), key.Item1));

    /// <summary>The HTML of one page's threads for readers who are not signed in, written once (Korean).</summary>
    public string AnonymousThreadHtml(ThreadSort sort, int page) => AnonymousThreadHtml(sort, page, DiscussionFilter.None);

    /// <summary>
    /// The HTML of one page of the (filtered) threads for readers who are not signed in, written once per language:
    /// its UI text comes from <paramref name="text"/> in the current UI culture (Korean as written when null).
    /// </summary>
    public string AnonymousThreadHtml(ThreadSort sort, int page, DiscussionFilter filter, IStringLocalizer<UiText>? text = null) =>
        _anonymousHtml.GetOrAdd((sort, page, filter, text is null ? "" : CultureInfo.CurrentUICulture.Name), key => CommentThreadWriter.Write(
            Pages(key.Item1, key.Item3).Threads(key.Item2),
            new ThreadView(EssayPath, PageQuery: DiscussionLinks.PageQuery(key.Item1, key.Item2, key.Item3), Debate: Debate) { Reactions = Detail.CommentReactions },
            text));
}

/// <summary>
/// Caches for reading, evicted the moment a change commits (<see cref="ReadingCacheListener"/> hears the change feed):
/// <list type="bullet">
/// <item>the essay read model in memory, used by the essay and continuation pages for every viewer: a page view then
/// costs no query and no tree building, only the page shell;</item>
/// <item>the read API in ASP.NET Core's output cache for anonymous callers.</item>
/// </list>
/// Entries also expire after <see cref="Lifetime"/>, which bounds staleness if a change is ever missed.
/// </summary>
public sealed class ReadingCache(EssayQueries queries, IConfiguration configuration) : IIdleMemoryRelease, IDisposable
{
    /// <summary>The output-cache policy of the read API.</summary>
    public const string Policy = "reading";

    /// <summary>Tag of every cached response that lists essays (their comment counts change with every comment).</summary>
    public const string ListTag = "essays";

    /// <summary>Tag of every cached response: evicted when a change shows everywhere (an author's new name).</summary>
    public const string AllTag = "reading";

    /// <summary>How long a cached entry lives without a change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    // At most 256 essays' read models in memory; the least recently used go first.
    private readonly MemoryCache _models = new(new MemoryCacheOptions { SizeLimit = 256 });
    private readonly ConcurrentDictionary<int, long> _versions = new();
    private readonly ConcurrentDictionary<int, Task<EssayReadModel?>> _building = new();
    private long _generation;

    // ReadingCache:Disabled=true turns the read-model cache off (for measuring what it saves; see scripts/bench-page.sh).
    private readonly bool _disabled = configuration.GetValue<bool>("ReadingCache:Disabled");

    /// <summary>Number of read models held (for tests and diagnostics).</summary>
    public int Count => (int)_models.Count;

    /// <summary>Tag of every cached response that shows essay <paramref name="essayId"/>.</summary>
    public static string EssayTag(int essayId) => $"essay:{essayId}";

    /// <summary>
    /// The essay's read model, from memory when nothing changed since it was built; null for an unknown essay. Readers
    /// who miss the cache at the same moment share one build (the first view of a 10,000-comment essay by 16 readers at
    /// once built it 16 times, and held 16 copies).
    /// </summary>
    public async Task<EssayReadModel?> GetEssayAsync(int essayId, CancellationToken cancellationToken = default)
    {
        if (_disabled)
        {
            return await BuildAsync(essayId, cancellationToken);
        }

        if (_models.TryGetValue(essayId, out EssayReadModel? cached))
        {
            return cached;
        }

        // The shared build is not cancelled by the reader who started it; each reader stops waiting on its own token.
        var mine = new TaskCompletionSource<EssayReadModel?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_building.TryAdd(essayId, mine.Task))
        {
            _ = RunSharedBuildAsync(essayId, mine);
            return await mine.Task.WaitAsync(cancellationToken);
        }

        return _building.TryGetValue(essayId, out var shared)
            ? await shared.WaitAsync(cancellationToken)
            : await BuildAsync(essayId, cancellationToken);
    }

    // Registered before it starts and removed when it ends, so a finished build is never handed to a later reader.
    private async Task RunSharedBuildAsync(int essayId, TaskCompletionSource<EssayReadModel?> build)
    {
        try
        {
            build.SetResult(await BuildAsync(essayId, CancellationToken.None));
        }
#pragma warning disable CA1031 // handed to every reader waiting for this build
        catch (Exception e)
#pragma warning restore CA1031
        {
            build.SetException(e);
        }
        finally
        {
            _building.TryRemove(KeyValuePair.Create(essayId, build.Task));
        }
    }

    private async Task<EssayReadModel?> BuildAsync(int essayId, CancellationToken cancellationToken)
    {
        // A change that commits while this read runs bumps a version: the possibly stale result is then not kept.
        var generation = Interlocked.Read(ref _generation);
        var version = _versions.GetValueOrDefault(essayId);
        var detail = await queries.GetAsync(essayId, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var model = new EssayReadModel(detail, detail.Threads());
        if (!_disabled && _versions.GetValueOrDefault(essayId) == version && Interlocked.Read(ref _generation) == generation)
        {
            _models.Set(essayId, model, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        }

        return model;
    }

    /// <summary>Forgets what was prepared for the essay.</summary>
    public void Invalidate(int essayId)
    {
        _versions.AddOrUpdate(essayId, 1, (_, v) => v + 1);
        _models.Remove(essayId);
        // A build that started before the change may miss it: readers who come after the change start a new one.
        _building.TryRemove(essayId, out _);
    }

    /// <summary>Forgets every essay's read model.</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _models.Clear();
        _building.Clear();
    }

    /// <summary>
    /// Drops every read model. <see cref="IdleMemoryTrim"/> calls this when the server has gone quiet: a 10,000-comment
    /// essay's model holds about 10 MB, and the anonymous pages built from it stay cached as bytes
    /// (<see cref="PublicPageCache"/>, the output cache), so the next reader of those pages does not need it; the first
    /// reader of another page builds it again (one query).
    /// </summary>
    public void Release() => _models.Clear();

    /// <inheritdoc />
    public void Dispose() => _models.Dispose();
}

/// <summary>
/// Evicts everything cached about an essay, and the lists, when a change of it commits; everything, when an author is
/// renamed. A listener of the change feed, so no write path calls it by hand.
/// </summary>
public sealed class ReadingCacheListener(ReadingCache cache, IOutputCacheStore store) : IForumChangeListener
{
    /// <inheritdoc />
    public async Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EssayId is int essayId)
        {
            cache.Invalidate(essayId);
            await store.EvictByTagAsync(ReadingCache.EssayTag(essayId), cancellationToken);
            await store.EvictByTagAsync(ReadingCache.ListTag, cancellationToken);
            return;
        }

        cache.InvalidateAll();
        await store.EvictByTagAsync(ReadingCache.AllTag, cancellationToken);
    }
}

/// <summary>Registers the reading caches.</summary>
public static class ReadingCacheServiceCollectionExtensions
{
    /// <summary>The read-model cache, the API's output cache, and the change-feed listener that evicts both.</summary>
    public static IServiceCollection AddReadingCache(this IServiceCollection services)
    {
        services.AddSingleton<ReadingCache>();
        services.AddSingleton<IIdleMemoryRelease>(sp => sp.GetRequiredService<ReadingCache>());
        // The output cache sits outside response compression, so it keeps each encoding's bytes: compressed once.
        services.AddOutputCache(options => options.AddPolicy(ReadingCache.Policy, policy => policy
            .Expire(ReadingCache.Lifetime)
            .SetVaryByHeader(Microsoft.Net.Http.Headers.HeaderNames.AcceptEncoding)
            .AddPolicy<EssayTagPolicy>()));
        services.AddSingleton<IForumChangeListener, ReadingCacheListener>();
        services.AddPublicPageCache();
        services.AddResponseCompression(options =>
        {
            // Antiforgery tokens are masked anew in every response, so compressing pages that hold them does not leak
            // them to a length-guessing attacker (BREACH); see docs/performance.md.
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = [.. Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes, "application/problem+json"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Tags a cached API response with the essay named by the route's id, the list tag and the global tag.</summary>
    private sealed class EssayTagPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.Tags.Add(ReadingCache.AllTag);
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
