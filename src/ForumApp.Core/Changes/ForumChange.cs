namespace ForumApp.Core.Changes;

/// <summary>What kind of change committed.</summary>
public enum ForumChangeKind
{
    /// <summary>A new comment (<see cref="ForumChange.CommentIds"/> holds it).</summary>
    CommentPosted,

    /// <summary>A comment's text changed.</summary>
    CommentEdited,

    /// <summary>A comment became a tombstone.</summary>
    CommentDeleted,

    /// <summary>A deleted comment is visible again.</summary>
    CommentRestored,

    /// <summary>Duplicates were folded into a canonical comment (the first id), replies moved under it.</summary>
    CommentsMerged,

    /// <summary>A merge was undone: the comments have their state from before it again.</summary>
    CommentsUnmerged,

    /// <summary>The essay itself changed: imported, written, revised, published or unpublished.</summary>
    EssayChanged,

    /// <summary>An author's display name changed: every page that shows it is stale.</summary>
    AuthorRenamed,

    /// <summary>Someone gave or took back a "공감" on the essay or one of its comments (<see cref="ForumChange.CommentIds"/> holds the comment, if any).</summary>
    ReactionChanged,
}

/// <summary>
/// One committed write, as the change feed tells it to its listeners (caches, the near-duplicate index, live
/// updates, notifications, other nodes). It names what changed, not how it looks now: a listener that needs the
/// text or the status reads it from the database, so the same event means the same on every node.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="EssayId">The essay whose page changed; null for a change that is not about one essay (a rename).</param>
/// <param name="CommentIds">The comments that changed (for a merge: the canonical first, then every folded or moved one).</param>
/// <param name="AuthorId">The author who wrote (or was renamed); null when not known.</param>
/// <param name="MergeId">The merge, for <see cref="ForumChangeKind.CommentsMerged"/> and <see cref="ForumChangeKind.CommentsUnmerged"/>.</param>
/// <param name="ParentId">The comment a posted comment answers.</param>
public sealed record ForumChange(
    ForumChangeKind Kind,
    int? EssayId,
    IReadOnlyList<int> CommentIds,
    int? AuthorId = null,
    int? MergeId = null,
    int? ParentId = null)
{
    /// <summary>The position of this change in the feed (the change log's id), 0 before it is stored.</summary>
    public long Sequence { get; init; }

    /// <summary>When the change was recorded (UTC).</summary>
    public DateTime At { get; init; }

    /// <summary>
    /// True when the change was committed by another node and relayed here (through Redis or read from the change
    /// log); listeners that pass changes on to other nodes ignore relayed ones.
    /// </summary>
    public bool Relayed { get; init; }

    /// <summary>A new comment.</summary>
    public static ForumChange CommentPosted(int essayId, int commentId, int authorId, int? parentId) =>
        new(ForumChangeKind.CommentPosted, essayId, [commentId], authorId, ParentId: parentId);

    /// <summary>A comment's new text.</summary>
    public static ForumChange CommentEdited(int essayId, int commentId, int authorId) =>
        new(ForumChangeKind.CommentEdited, essayId, [commentId], authorId);

    /// <summary>A comment deleted by its author or a moderator.</summary>
    public static ForumChange CommentDeleted(int essayId, int commentId) =>
        new(ForumChangeKind.CommentDeleted, essayId, [commentId]);

    /// <summary>A deleted comment restored.</summary>
    public static ForumChange CommentRestored(int essayId, int commentId) =>
        new(ForumChangeKind.CommentRestored, essayId, [commentId]);

    /// <summary>A merge: the canonical first, then every comment it changed.</summary>
    public static ForumChange CommentsMerged(int essayId, int mergeId, int canonicalId, IEnumerable<int> changed) =>
        new(ForumChangeKind.CommentsMerged, essayId, [canonicalId, .. changed], MergeId: mergeId);

    /// <summary>An undone merge: the canonical first, then every comment restored.</summary>
    public static ForumChange CommentsUnmerged(int essayId, int mergeId, int canonicalId, IEnumerable<int> changed) =>
        new(ForumChangeKind.CommentsUnmerged, essayId, [canonicalId, .. changed], MergeId: mergeId);

    /// <summary>The essay itself changed.</summary>
    public static ForumChange EssayChanged(int essayId, int? authorId = null) =>
        new(ForumChangeKind.EssayChanged, essayId, [], authorId);

    /// <summary>An author's display name changed.</summary>
    public static ForumChange AuthorRenamed(int authorId) =>
        new(ForumChangeKind.AuthorRenamed, null, [], authorId);

    /// <summary>A "공감" given or taken back, on the essay (<paramref name="commentId"/> null) or one of its comments.</summary>
    public static ForumChange ReactionChanged(int essayId, int? commentId, int? authorId = null) =>
        new(ForumChangeKind.ReactionChanged, essayId, commentId is int id ? [id] : [], authorId);

    /// <summary>True when the change can make comments appear or disappear, or change their text.</summary>
    public bool TouchesComments => CommentIds.Count > 0 && Kind != ForumChangeKind.ReactionChanged;
}

/// <summary>
/// Hears every committed change, once, after its commit, in the order of the feed. Listeners must be quick (work
/// that takes long goes to a queue of the listener's own) and must not throw for a change they do not care about.
/// </summary>
public interface IForumChangeListener
{
    /// <summary>Called after <paramref name="change"/> committed.</summary>
    Task OnChangeAsync(ForumChange change, CancellationToken cancellationToken = default);
}

/// <summary>
/// Hears the changes this node committed (never a <see cref="ForumChange.Relayed"/> one), in the order of the feed but
/// after the write has answered: on a queue of the feed's own, in batches of whatever committed meanwhile, so that a
/// listener's own writes (the search index, notifications) are shared by many posts and kept out of each post's time.
/// A reader who must see a listener's work (a person's notifications, search results) waits for the queue to reach the
/// changes committed before the read began; so a request that starts after a post's answer sees what the post caused.
/// </summary>
public interface IDeferredChangeListener
{
    /// <summary>Called with one or more committed changes, in order; never twice with the same change on one node.</summary>
    Task OnChangesAsync(IReadOnlyList<ForumChange> changes, CancellationToken cancellationToken = default);
}
