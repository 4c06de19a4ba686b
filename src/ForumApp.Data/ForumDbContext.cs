using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using ForumApp.Data.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

/// <summary>
/// The forum's database. Provider-specific subclasses (<see cref="SqliteForumDbContext"/>,
/// <see cref="PostgresForumDbContext"/>) only exist so that each provider keeps its own migrations.
/// Accounts are ASP.NET Core Identity's tables (AspNetUsers, AspNetRoles, …) in the same database.
/// </summary>
public abstract class ForumDbContext(DbContextOptions options) : IdentityDbContext<ForumUser>(options)
{
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
public sealed class PostgresForumDbContext(DbContextOptions<PostgresForumDbContext> options) : ForumDbContext(options);
