using Microsoft.EntityFrameworkCore;

namespace ForumApp.Data.Moderation;

/// <summary>Reads the audit log (entries are written by the services that act, through <c>AuditEntry.Create</c>).</summary>
public sealed class AuditLogService(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>The audit log, newest first, filtered and paged. An actor given as a login name matches that account's id.</summary>
    public async Task<AuditPage> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim().ToLowerInvariant();
            entries = entries.Where(a => a.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            var normalized = actor.ToUpperInvariant();
            var userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            entries = entries.Where(a => a.Actor == actor || (userId != null && a.Actor == userId));
        }

        if (query.From is DateTime from)
        {
            entries = entries.Where(a => a.At >= from);
        }

        if (query.To is DateTime to)
        {
            entries = entries.Where(a => a.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        var names = await ActorNamesAsync(db, rows.Select(r => r.Actor), cancellationToken);
        return new AuditPage(
            [.. rows.Select(a => new AuditEntryView(a.Id, a.At, a.Actor, names.GetValueOrDefault(a.Actor, a.Actor), a.Action, a.Target, a.EssayId, a.Before, a.After))],
            total,
            page,
            size);
    }

    /// <summary>Login names for user ids; "import", "system" and "cli" stay as they are.</summary>
    internal static async Task<Dictionary<string, string>> ActorNamesAsync(ForumDbContext db, IEnumerable<string> actors, CancellationToken cancellationToken)
    {
        var ids = actors.Where(a => !string.IsNullOrEmpty(a)).Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id, cancellationToken);
    }
}
