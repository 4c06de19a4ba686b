using System.Globalization;
using System.Text.Json;

namespace ForumApp.Core.Moderation;

/// <summary>One moderator action, kept forever: who, when, what, and the state before and after.</summary>
public class AuditEntry
{
    /// <summary>The entry's id (entries are never deleted).</summary>
    public long Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>User id, or one of <see cref="AuditActors"/> for actions the app took itself.</summary>
    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on, for example "comment:12" or "merge:3" (see <see cref="AuditTargets"/>).</summary>
    public required string Target { get; set; }

    /// <summary>The essay it was about, or null.</summary>
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
    /// <summary>Duplicates folded into a canonical comment.</summary>
    public const string Merge = "merge";
    /// <summary>A merge undone.</summary>
    public const string Unmerge = "unmerge";
    /// <summary>A suggested pair marked "not duplicates".</summary>
    public const string Dismiss = "dismiss";
    /// <summary>A moderator deleted someone's comment.</summary>
    public const string Delete = "delete";
    /// <summary>A deleted comment made visible again.</summary>
    public const string Restore = "restore";
    /// <summary>A flag closed as handled.</summary>
    public const string FlagResolve = "flag-resolve";
    /// <summary>A flag closed as needing nothing.</summary>
    public const string FlagDismiss = "flag-dismiss";
    /// <summary>An account's role changed.</summary>
    public const string RoleChange = "role-change";
    /// <summary>A duplicate scan ran.</summary>
    public const string Scan = "scan";
    /// <summary>A thread file was imported.</summary>
    public const string Import = "import";
    /// <summary>A moderator took an essay off the list.</summary>
    public const string EssayUnpublish = "essay-unpublish";
    /// <summary>A moderator put an unpublished essay back.</summary>
    public const string EssayRestore = "essay-restore";
    /// <summary>A moderator checked an essay pair of the duplicate queue.</summary>
    public const string EssayDuplicateDismiss = "essay-duplicate-dismiss";

    /// <summary>Every action, for the audit page's filter.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Merge, Unmerge, Dismiss, Delete, Restore, FlagResolve, FlagDismiss, RoleChange, Scan, Import, EssayUnpublish, EssayRestore, EssayDuplicateDismiss];
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
    /// <summary>One comment.</summary>
    public static string Comment(int id) => "comment:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Several comments, in id order.</summary>
    public static string Comments(IEnumerable<int> ids) => "comments:" + string.Join(',', ids.Order());

    /// <summary>One merge.</summary>
    public static string Merge(int id) => "merge:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>One flag.</summary>
    public static string Flag(int id) => "flag:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>One account.</summary>
    public static string User(string id) => "user:" + id;

    /// <summary>One essay.</summary>
    public static string Essay(int id) => "essay:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every essay (a scan of all of them).</summary>
    public const string AllEssays = "essays:all";
}
