namespace ForumApp.Core.Moderation;

/// <summary>One moderator action, kept forever: who, when, what, and the state before and after.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>User id, or "import" / "system" for actions the app took itself.</summary>
    public required string Actor { get; set; }

    /// <summary>merge, unmerge, dismiss, delete, restore, role-change, import.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on, for example "comment:12" or "merge:3".</summary>
    public required string Target { get; set; }

    public int? EssayId { get; set; }

    /// <summary>JSON of the state before.</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the state after.</summary>
    public string? After { get; set; }
}
