using ForumApp.Core.Changes;
using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Data.Accounts;
using ForumApp.Data.Changes;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

/// <summary>
/// The forum's database. Provider-specific subclasses (<see cref="SqliteForumDbContext"/>,
/// <see cref="PostgresForumDbContext"/>) only exist so that each provider keeps its own migrations.
/// Accounts are ASP.NET Core Identity's tables (AspNetUsers, AspNetRoles, …) in the same database.
/// <para>
/// Every write that readers would notice calls <see cref="RecordChange"/> before it saves: the change is stored in the
/// change log in the same transaction, the derived counts (<see cref="Essay.CommentCount"/>) are kept here and nowhere
/// else (a post adds one; every other change that can hide or show comments counts them again), and <see cref="ChangeFeedInterceptor"/> publishes the change after the commit.
/// </para>
/// </summary>
public abstract class ForumDbContext(DbContextOptions options) : IdentityDbContext<ForumUser>(options), IDataProtectionKeyContext
{
    private readonly List<ChangeLogEntry> _recorded = [];
    private readonly HashSet<int> _recount = [];
    private readonly Dictionary<int, (int Count, DateTime Last)> _posted = [];

    public DbSet<Essay> Essays => Set<Essay>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Author> Authors => Set<Author>();

    public DbSet<SourceLine> SourceLines => Set<SourceLine>();

    public DbSet<Merge> Merges => Set<Merge>();

    public DbSet<MergeMember> MergeMembers => Set<MergeMember>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<CommentRevision> CommentRevisions => Set<CommentRevision>();

    public DbSet<DuplicateSuggestion> DuplicateSuggestions => Set<DuplicateSuggestion>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<CommentFlag> CommentFlags => Set<CommentFlag>();

    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();

    public DbSet<Core.Drafts.Draft> Drafts => Set<Core.Drafts.Draft>();

    public DbSet<EssayRevision> EssayRevisions => Set<EssayRevision>();

    public DbSet<EssayParagraph> EssayParagraphs => Set<EssayParagraph>();

    public DbSet<EssayTag> EssayTags => Set<EssayTag>();

    public DbSet<EssayDuplicateSuggestion> EssayDuplicateSuggestions => Set<EssayDuplicateSuggestion>();

    /// <summary>The search index's documents (one per published essay and visible comment; see docs/search.md).</summary>
    public DbSet<Search.SearchDocument> SearchDocuments => Set<Search.SearchDocument>();
    public DbSet<Core.Reactions.CommentReaction> CommentReactions => Set<Core.Reactions.CommentReaction>();

    public DbSet<Core.Reactions.EssayReaction> EssayReactions => Set<Core.Reactions.EssayReaction>();

    public DbSet<Core.Notifications.Notification> Notifications => Set<Core.Notifications.Notification>();

    /// <summary>The Data Protection keys (cookies, antiforgery tokens), shared by every node of the forum.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The write unit of work in progress on this context, if any (its gate is released at the commit).</summary>
    internal WriteTransaction? ActiveWrite { get; set; }

    /// <summary>True while changes are recorded and not yet published or discarded.</summary>
    internal bool HasRecordedChanges => _recorded.Count > 0;

    /// <summary>
    /// Records that this unit of work makes <paramref name="change"/>: stored in the change log by the next save (call it
    /// before saving), published to the change feed once the transaction commits, forgotten if it rolls back.
    /// </summary>
    public void RecordChange(ForumChange change, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(change);
        var entry = ChangeLogEntry.From(change, at);
        ChangeLog.Add(entry);
        _recorded.Add(entry);
        if (change.EssayId is not int essayId || change.Kind is ForumChangeKind.ReactionChanged or ForumChangeKind.CommentEdited)
        {
            return; // neither changes which comments are visible, nor when they were written
        }

        if (change.Kind == ForumChangeKind.CommentPosted)
        {
            // A post adds one visible comment written now: counted by adding one (see SaveAndRecountAsync).
            var (count, last) = _posted.GetValueOrDefault(essayId);
            _posted[essayId] = (count + 1, at > last ? at : last);
            return;
        }

        _recount.Add(essayId);
    }

    /// <inheritdoc />
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_recorded.Count == 0 || Database.CurrentTransaction is not null)
        {
            return await SaveAndRecountAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // A recorded change is published only after a commit: give a plain save its own transaction.
        await using var transaction = await this.BeginWriteAsync(cancellationToken);
        var written = await SaveAndRecountAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess) => _recorded.Count == 0
        ? base.SaveChanges(acceptAllChangesOnSuccess)
        : throw new InvalidOperationException("A write that records changes must save with SaveChangesAsync.");

    /// <inheritdoc />
    public override void Dispose()
    {
        DiscardRecordedChanges();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        DiscardRecordedChanges();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The recorded changes once they are committed (clearing them); called by the interceptor. Lets the next writer in,
    /// then waits until the commit is on disk (SQLite's shared WAL flush), so that no listener hears of a write that a
    /// power cut could still take back.
    /// </summary>
    internal async Task<IReadOnlyList<ForumChange>> TakeCommittedChangesAsync()
    {
        var write = ActiveWrite;
        write?.ReleaseGate();
        var changes = _recorded.Select(e => e.ToChange()).ToList();
        DiscardRecordedChanges();
        if (write is not null)
        {
            await write.MakeDurableAsync();
        }

        return changes;
    }

    /// <summary>Forgets recorded changes (rolled back, or the context is going back to the pool).</summary>
    internal void DiscardRecordedChanges()
    {
        _recorded.Clear();
        _recount.Clear();
        _posted.Clear();
        ActiveWrite = null;
    }

    /// <summary>Refuses to commit a change that was recorded after the last save: it would be published but not logged.</summary>
    internal void EnsureChangesSaved()
    {
        if (_recorded.Any(e => e.Id == 0))
        {
            throw new InvalidOperationException("RecordChange was called after the last SaveChangesAsync of this transaction.");
        }
    }

    private async Task<int> SaveAndRecountAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var essayId in _recount.Union(_posted.Keys).Order())
        {
            await LockEssayForRecountAsync(essayId, cancellationToken);
            if (!_recount.Contains(essayId) && _posted[essayId] is var (added, last))
            {
                // Only posts: each added one visible comment, and the writers of one essay are serialized (SQLite's write
                // gate, PostgreSQL's row lock above), so adding is exact. Counting instead walks every comment of the
                // essay inside the gate: 0.5 ms a post at 10,000 comments, the largest single cost of a post.
                // Plain SQL (the same on both providers): every post runs it, and the LINQ form was translated again each
                // time (the expression's hashing and parameter extraction cost more than the statement itself).
                await Database.ExecuteSqlAsync(
                    $"""UPDATE "Essays" SET "CommentCount" = "CommentCount" + {added}, "LastCommentAt" = CASE WHEN "LastCommentAt" IS NULL OR "LastCommentAt" < {last} THEN {last} ELSE "LastCommentAt" END WHERE "Id" = {essayId}""",
                    cancellationToken);
                continue;
            }

            // The one place the visible-comment count and the last reply's time are derived: any change that can hide,
            // show or move comments (delete, restore, merge, unmerge, import, an essay's change) counts them again.
            await Essays.Where(e => e.Id == essayId).ExecuteUpdateAsync(
                s => s
                    .SetProperty(e => e.CommentCount, e => Comments.Count(c => c.EssayId == e.Id && c.Status == CommentStatus.Visible))
                    .SetProperty(e => e.LastCommentAt, e => Comments.Where(c => c.EssayId == e.Id && c.Status == CommentStatus.Visible).Max(c => (DateTime?)c.CreatedAt)),
                cancellationToken);
        }

        _recount.Clear();
        _posted.Clear();
        return written;
    }

    /// <summary>
    /// Waits for every other transaction that is recounting the same essay, so the count that follows sees their
    /// comments. Nothing to do where writers are serialized (SQLite).
    /// </summary>
    protected virtual Task LockEssayForRecountAsync(int essayId, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ForumDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every timestamp is UTC; SQLite stores it as sortable ISO text, PostgreSQL as timestamptz.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

/// <summary>The SQLite database (the embedded default).</summary>
public sealed class SqliteForumDbContext(DbContextOptions<SqliteForumDbContext> options) : ForumDbContext(options);

/// <summary>The PostgreSQL database (for more than one machine).</summary>
public sealed class PostgresForumDbContext(DbContextOptions<PostgresForumDbContext> options) : ForumDbContext(options)
{
    /// <summary>
    /// Under READ COMMITTED an UPDATE that waited for another writer's row lock still counts with the snapshot it
    /// started with, so two concurrent posts each counted without the other's comment and one was lost from
    /// <see cref="Essay.CommentCount"/> (found by the kill -9 test). Taking the row lock first, in its own statement,
    /// makes the counting statement start after the other writer committed. NO KEY UPDATE, not UPDATE: inserting a
    /// comment holds KEY SHARE on its essay, which UPDATE would deadlock against.
    /// </summary>
    protected override Task LockEssayForRecountAsync(int essayId, CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync("SELECT 1 FROM \"Essays\" WHERE \"Id\" = {0} FOR NO KEY UPDATE", [essayId], cancellationToken);
}
