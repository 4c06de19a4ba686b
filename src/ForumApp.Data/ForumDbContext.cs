using ForumApp.Core.Comments;
using ForumApp.Core.Essays;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data;

/// <summary>
/// The forum's database. Provider-specific subclasses (<see cref="SqliteForumDbContext"/>,
/// <see cref="PostgresForumDbContext"/>) only exist so that each provider keeps its own migrations.
/// </summary>
public abstract class ForumDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Essay> Essays => Set<Essay>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Author> Authors => Set<Author>();

    public DbSet<SourceLine> SourceLines => Set<SourceLine>();

    public DbSet<Merge> Merges => Set<Merge>();

    public DbSet<MergeMember> MergeMembers => Set<MergeMember>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ForumDbContext).Assembly);
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
