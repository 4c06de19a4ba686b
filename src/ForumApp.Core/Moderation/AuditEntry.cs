using System.Globalization;
using System.Text.Json;

namespace ForumApp.Core.Moderation;

/// <summary>One moderator action, kept forever: who, when, what, and the state before and after.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>User id, or one of <see cref="AuditActors"/> for actions the app took itself.</summary>
    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on, for example "comment:12" or "merge:3" (see <see cref="AuditTargets"/>).</summary>
    public required string Target { get; set; }

    public int? EssayId { get; set; }

    /// <summary>JSON of the state before.</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the state after.</summary>
    public string? After { get; set; }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// The one way to make an entry: a named action, an actor, a target, and the states before and after as objects
    /// (serialized here, camelCase, so every entry of the log reads the same way).
    /// </summary>
    public static AuditEntry Create(DateTime at, string actor, string action, string target, int? essayId = null, object? before = null, object? after = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(target);
        return new AuditEntry
        {
            At = at,
            Actor = actor,
            Action = action,
            Target = target.Length <= 100 ? target : target[..99] + "…",
            EssayId = essayId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
    }
}

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string Merge = "merge";
    public const string Unmerge = "unmerge";
    public const string Dismiss = "dismiss";
    public const string Delete = "delete";
    public const string Restore = "restore";
    public const string FlagResolve = "flag-resolve";
    public const string FlagDismiss = "flag-dismiss";
    public const string RoleChange = "role-change";
    public const string Scan = "scan";
    public const string Import = "import";

    /// <summary>Every action, for the audit page's filter.</summary>
    public static IReadOnlyList<string> All { get; } = [Merge, Unmerge, Dismiss, Delete, Restore, FlagResolve, FlagDismiss, RoleChange, Scan, Import];
}

/// <summary>Actors that are not accounts.</summary>
public static class AuditActors
{
    /// <summary>A thread-file import collapsing repeated copies.</summary>
    public const string Import = "import";

    /// <summary>The app itself (automatic merges of a duplicate scan).</summary>
    public const string System = "system";

    /// <summary>An operator at the command line.</summary>
    public const string Cli = "cli";
}

/// <summary>How the audit log names what an action was about.</summary>
public static class AuditTargets
{
    public static string Comment(int id) => "comment:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Comments(IEnumerable<int> ids) => "comments:" + string.Join(',', ids.Order());

    public static string Merge(int id) => "merge:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Flag(int id) => "flag:" + id.ToString(CultureInfo.InvariantCulture);

    public static string User(string id) => "user:" + id;

    public static string Essay(int id) => "essay:" + id.ToString(CultureInfo.InvariantCulture);

    public const string AllEssays = "essays:all";
}
