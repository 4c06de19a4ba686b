using ForumApp.Core.Comments;
using ForumApp.Core.Dedup;
using ForumApp.Core.Import;
using ForumApp.Core.Markdown;
using ForumApp.Data.Accounts;
using ForumApp.Data.Comments;
using ForumApp.Data.Import;
using ForumApp.Data.Queries;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ForumApp.Data;

/// <summary>Which database the forum runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Registers the data layer: the DbContext factory for the configured provider, queries and the importer.</summary>
public static class ForumDataServiceCollectionExtensions
{
    /// <summary>The default SQLite database, relative to the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/forum.db";

    /// <summary>
    /// Registers everything the data layer offers. EF interceptors registered as <see cref="IInterceptor"/> apply to every context. <c>Database:Provider</c> chooses the provider ("Sqlite", the default,
    /// or "Postgres"); <c>ConnectionStrings:Forum</c> says where the database is.
    /// </summary>
    public static IServiceCollection AddForumData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = ReadProvider(configuration);
        var connectionString = configuration.GetConnectionString("Forum");

        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Forum is not set.");
            }

            services.AddPooledDbContextFactory<PostgresForumDbContext>((sp, o) => o.UseNpgsql(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
            services.AddSingleton<IDbContextFactory<ForumDbContext>, ForumDbContextFactory<PostgresForumDbContext>>();
        }
        else
        {
            var sqlite = SqliteConnectionString(connectionString ?? DefaultSqliteConnectionString, contentRoot);
            services.AddPooledDbContextFactory<SqliteForumDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(sp.GetServices<IInterceptor>()));
            services.AddSingleton<IDbContextFactory<ForumDbContext>, ForumDbContextFactory<SqliteForumDbContext>>();
        }

        services.AddSingleton(new DatabaseOptions(provider));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MarkdownRenderer>();
        services.AddSingleton<Changes.DeferredChanges>();
        services.AddSingleton<Changes.ForumChangeFeed>();
        services.AddSingleton<Diagnostics.ForumMetrics>();
        services.AddSingleton<IInterceptor, Changes.ChangeFeedInterceptor>();
        services.TryAddSingleton<IDuplicateDetector>(_ => new DedupEngine());
        services.TryAddSingleton<ThreadImportPlanner>();
        services.AddSingleton<ThreadImportService>();
        services.AddSingleton<EssayQueries>();
        services.AddSingleton<EssayRevisionQueries>();
        services.TryAddSingleton(new Essays.EssayOptions(configuration.GetValue<bool>($"{Essays.EssayOptions.Section}:AnyoneCanPublish")));
        services.AddSingleton<Essays.EssayAccess>();
        services.AddSingleton<Essays.EssayService>();
        services.AddSingleton<Essays.EssayModerationService>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<Backup.SqliteBackupService>();
        services.AddSingleton<Samples.SampleEssayGenerator>();
        services.AddSingleton<RoleCheck>();
        services.AddSingleton<Moderation.MergeService>();
        services.AddSingleton<Moderation.DuplicateQueueService>();
        services.AddSingleton<Moderation.FlagService>();
        services.AddSingleton<Moderation.AuditLogService>();
        services.AddSingleton<Moderation.DuplicateScanService>();
        services.AddScoped<Moderation.RoleChangeService>();
        services.AddSingleton<Reactions.ReactionService>();
        services.AddSingleton<Notifications.NotificationService>();
        services.AddSingleton<People.ProfileQueries>();
        services.AddSingleton<Core.Changes.IDeferredChangeListener, Notifications.NotificationListener>();
        services.AddForumCommenting();
        return services;
    }

    /// <summary>
    /// Accounts (Identity's user and role stores on <see cref="ForumDbContext"/>), API tokens and the comment services.
    /// Identity's stores want a scoped context: it comes from the same pooled factory as everything else.
    /// </summary>
    private static void AddForumCommenting(this IServiceCollection services)
    {
        services.AddScoped<ForumDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContext());
        services.AddIdentityCore<ForumUser>(o =>
            {
                o.Password.RequiredLength = AccountService.MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
                // No account-wide lockout: anyone's wrong passwords would lock the owner out. Failed sign-ins are
                // throttled by address and by address-and-account in the web host (SignInThrottle).
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ForumDbContext>()
            .AddErrorDescriber<KoreanIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<ForumUserClaimsPrincipalFactory>();
        services.AddScoped<AccountService>();
        services.AddSingleton<ApiTokenService>();
        // The engine's index is a change-feed listener too: the same instance answers checks and hears changes.
        services.TryAddSingleton(sp => new EngineNearDuplicateFinder(sp.GetRequiredService<IDbContextFactory<ForumDbContext>>()));
        services.TryAddSingleton<INearDuplicateFinder>(sp => sp.GetRequiredService<EngineNearDuplicateFinder>());
        services.AddSingleton<Core.Changes.IForumChangeListener>(sp => sp.GetRequiredService<EngineNearDuplicateFinder>());
        services.AddSingleton<CommentService>();
        services.AddSingleton<CommentQueries>();
        services.AddSingleton<Drafts.DraftService>();
        services.AddSingleton<Search.SearchIndexer>();
        services.AddSingleton<Core.Changes.IDeferredChangeListener>(sp => sp.GetRequiredService<Search.SearchIndexer>());
        services.AddSingleton<Search.SearchService>();
        services.AddSingleton<Feeds.FeedQueries>();
    }

    /// <summary>Reads <c>Database:Provider</c>; throws a readable error for an unknown value.</summary>
    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value) || value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }

        if (value.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || value.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Postgres;
        }

        throw new InvalidOperationException($"Database:Provider \"{value}\" is not known: use Sqlite or Postgres.");
    }

    /// <summary>Resolves a relative SQLite file against the content root and creates its folder.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}

/// <summary>The provider in use, for code that must differ (SQLite pragmas, for one).</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider);

/// <summary>Hands out the provider's context as the provider-neutral <see cref="ForumDbContext"/>.</summary>
internal sealed class ForumDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ForumDbContext>
    where TContext : ForumDbContext
{
    public ForumDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<ForumDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
