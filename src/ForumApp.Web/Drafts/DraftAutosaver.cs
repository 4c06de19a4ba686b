using System.Collections.Concurrent;
using ForumApp.Data.Drafts;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace ForumApp.Web.Drafts;

/// <summary>
/// Opens the drafts of one circuit (a scoped service: a Blazor Server circuit is a DI scope) and saves them all when
/// the circuit may go away: <see cref="DraftCircuitHandler"/> flushes them when the connection drops or the circuit
/// closes, <see cref="OpenDrafts"/> when the server stops.
/// </summary>
public sealed class DraftAutosaver(DraftService drafts, IOptions<DraftOptions> options, TimeProvider clock, OpenDrafts open, ILogger<DraftAutosave> logger)
    : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<DraftAutosave, byte> _mine = new();

    /// <summary>Starts saving what <paramref name="userId"/> writes in <paramref name="place"/>; dispose it when the form goes.</summary>
    public DraftAutosave Open(string userId, string place)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(place);
        var autosave = new DraftAutosave(userId, place, drafts, options.Value, clock, logger, Forget);
        _mine[autosave] = 0;
        open.Add(autosave);
        return autosave;
    }

    /// <summary>Saves every draft of this circuit that has unsaved text.</summary>
    public Task FlushAllAsync() => Task.WhenAll(_mine.Keys.Select(a => a.FlushAsync()));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var autosave in _mine.Keys)
        {
            await autosave.DisposeAsync();
        }
    }

    /// <summary>
    /// For a container disposed synchronously: the saves run on without being awaited (a circuit's scope is disposed
    /// asynchronously, and the circuit handler has flushed its drafts by then).
    /// </summary>
    public void Dispose()
    {
        foreach (var autosave in _mine.Keys)
        {
            _ = autosave.DisposeAsync().AsTask();
        }
    }

    private void Forget(DraftAutosave autosave)
    {
        _mine.TryRemove(autosave, out _);
        open.Remove(autosave);
    }
}

/// <summary>Every open draft of this server, saved when the server stops (a deploy, a restart).</summary>
public sealed class OpenDrafts(ILogger<OpenDrafts> logger) : IHostedService
{
    private readonly ConcurrentDictionary<DraftAutosave, byte> _open = new();

    /// <summary>Number of open drafts (diagnostics, tests).</summary>
    public int Count => _open.Count;

    internal void Add(DraftAutosave autosave) => _open[autosave] = 0;

    internal void Remove(DraftAutosave autosave) => _open.TryRemove(autosave, out _);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var unsaved = _open.Keys.Where(a => a.HasUnsavedChanges).ToList();
        await Task.WhenAll(unsaved.Select(a => a.FlushAsync(cancellationToken)));
        if (unsaved.Count > 0)
        {
            logger.LogInformation("Saved {DraftCount} drafts before stopping", unsaved.Count);
        }
    }
}

/// <summary>Saves a circuit's drafts the moment its connection drops, and when it closes.</summary>
public sealed class DraftCircuitHandler(DraftAutosaver autosaver) : CircuitHandler
{
    /// <inheritdoc />
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => autosaver.FlushAllAsync();

    /// <inheritdoc />
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => autosaver.FlushAllAsync();
}

/// <summary>Registers the draft autosave.</summary>
public static class DraftAutosaveExtensions
{
    /// <summary>The per-circuit autosaver, its circuit handler, and the flush when the server stops.</summary>
    public static IServiceCollection AddDraftAutosave(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DraftOptions>(configuration.GetSection(DraftOptions.Section));
        services.AddSingleton<OpenDrafts>();
        services.AddHostedService(sp => sp.GetRequiredService<OpenDrafts>());
        services.AddScoped<DraftAutosaver>();
        services.AddScoped<CircuitHandler, DraftCircuitHandler>();
        return services;
    }
}
