namespace ForumApp.Web.Cluster;

/// <summary>How the nodes of one forum keep in step (section <c>Cluster</c>; on when <c>ConnectionStrings:Redis</c> is set).</summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cluster";

    /// <summary>This node's name (default: the machine name and process id).</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How often the change log is read while Redis answers (a safety net).</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the change log is read while Redis is away (then the only path).</summary>
    public TimeSpan FollowIntervalWithoutRedis { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far below the highest sequence seen the log is read again: PostgreSQL hands out sequences when a row is
    /// inserted, so a transaction may commit a lower one after a higher one was seen.
    /// </summary>
    public int Window { get; set; } = 500;
}
