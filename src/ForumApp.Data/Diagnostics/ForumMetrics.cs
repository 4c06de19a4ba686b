using System.Diagnostics.Metrics;

namespace ForumApp.Data.Diagnostics;

/// <summary>The forum's own metrics (meter "ForumApp"), exported with ASP.NET Core's at the Prometheus endpoint.</summary>
public sealed class ForumMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ForumApp";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _posts;
    private readonly Counter<long> _dedupChecks;

    /// <summary>Creates the instruments.</summary>
    public ForumMetrics()
    {
        _posts = _meter.CreateCounter<long>("forum.comments.posted", "{comment}", "Comments stored");
        _dedupChecks = _meter.CreateCounter<long>("forum.dedup.checks", "{check}", "Near-duplicate checks on post");
    }

    /// <summary>Counts a stored comment.</summary>
    public void CommentPosted() => _posts.Add(1);

    /// <summary>Counts a near-duplicate check.</summary>
    public void DedupChecked() => _dedupChecks.Add(1);

    /// <summary>Reports the open event streams.</summary>
    public void ObserveLiveConnections(Func<int> count) =>
        _meter.CreateObservableGauge("forum.live.connections", count, "{connection}", "Open live event streams on this node");

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
