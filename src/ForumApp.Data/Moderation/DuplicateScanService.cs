using System.Globalization;
using ForumApp.Core.Comments;
using ForumApp.Core.Dedup;
using ForumApp.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ForumApp.Data.Moderation;

/// <summary>How far a scan has come.</summary>
/// <param name="EssaysDone">Essays finished.</param>
/// <param name="EssayCount">Essays to scan.</param>
/// <param name="CommentsDone">Visible comments of the finished essays.</param>
/// <param name="CommentCount">Visible comments in all, when the scan started.</param>
public sealed record ScanProgress(int EssaysDone, int EssayCount, int CommentsDone, int CommentCount)
{
    /// <summary>0–1, by comments (an essay without comments counts as done at once).</summary>
    public double Fraction => CommentCount == 0 ? (EssayCount == 0 ? 1 : (double)EssaysDone / EssayCount) : (double)CommentsDone / CommentCount;
}

/// <summary>What a scan did.</summary>
/// <param name="Essays">Essays scanned.</param>
/// <param name="Comments">Visible comments read.</param>
/// <param name="Clusters">Clusters the engine reported.</param>
/// <param name="AutoMerges">Clusters merged without a moderator (same author, exact or score ≥ 0.97).</param>
/// <param name="AutoMergedComments">Comments those merges folded.</param>
/// <param name="NewSuggestions">Pairs queued for moderators.</param>
/// <param name="KnownPairs">Pairs skipped because they already exist in any status (dismissed ones included).</param>
public sealed record ScanSummary(int Essays, int Comments, int Clusters, int AutoMerges, int AutoMergedComments, int NewSuggestions, int KnownPairs)
{
    /// <summary>One line for the command line and the page.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"scanned {Essays} essays, {Comments} comments: {Clusters} clusters, {AutoMerges} merged automatically ({AutoMergedComments} comments), {NewSuggestions} new suggestions, {KnownPairs} known pairs skipped");
}

/// <summary>
/// The batch scan: runs the dedup engine over each essay's visible comments and turns its clusters into work. The
/// engine only measures; the policy is here (<see cref="AutoMergePolicy"/>): a cluster of one author that is exact or
/// scores at least 0.97 is merged by the actor "system" through <see cref="MergeService"/> (so it is audited and can be
/// undone); every other cluster becomes suggested pairs (member, canonical) in the queue. A pair that already exists in
/// any status is never added again, so what a moderator dismissed stays dismissed, and a cluster holding a dismissed
/// pair is never merged automatically.
/// </summary>
public sealed class DuplicateScanService(
    IDbContextFactory<ForumDbContext> dbFactory,
    IDuplicateDetector detector,
    MergeService merges,
    TimeProvider clock,
    ILogger<DuplicateScanService> logger)
{
    /// <summary>The actor of automatic merges.</summary>
    public const string SystemActor = AuditActors.System;

    /// <summary>Scans every essay (or one), reporting progress after each essay.</summary>
    /// <param name="startedBy">Who started it (a user id, or "cli"), for the audit entry of the scan.</param>
    /// <param name="progress">Receives progress after each essay.</param>
    /// <param name="essayId">Only this essay, or every essay.</param>
    /// <param name="cancellationToken">Stops between essays; what was done stays done.</param>
    public async Task<ScanSummary> ScanAsync(string startedBy, IProgress<ScanProgress>? progress = null, int? essayId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(startedBy);
        List<(int Id, int Count)> essays;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            essays = [.. (await db.Essays.AsNoTracking()
                .Where(e => essayId == null || e.Id == essayId)
                .OrderBy(e => e.Id)
                .Select(e => new { e.Id, Count = db.Comments.Count(c => c.EssayId == e.Id && c.Status == CommentStatus.Visible) })
                .ToListAsync(cancellationToken)).Select(e => (e.Id, e.Count))];
        }

        var total = essays.Sum(e => e.Count);
        var summary = new ScanSummary(0, 0, 0, 0, 0, 0, 0);
        progress?.Report(new ScanProgress(0, essays.Count, 0, total));
        var done = 0;
        foreach (var (id, _) in essays)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await ScanEssayAsync(id, cancellationToken);
            summary = new ScanSummary(
                summary.Essays + 1,
                summary.Comments + result.Comments,
                summary.Clusters + result.Clusters,
                summary.AutoMerges + result.AutoMerges,
                summary.AutoMergedComments + result.AutoMergedComments,
                summary.NewSuggestions + result.NewSuggestions,
                summary.KnownPairs + result.KnownPairs);
            done += result.Comments;
            progress?.Report(new ScanProgress(summary.Essays, essays.Count, Math.Min(done, total), total));
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditLog.Add(AuditEntry.Create(
                clock.GetUtcNow().UtcDateTime, startedBy, AuditActions.Scan, essayId is int one ? AuditTargets.Essay(one) : AuditTargets.AllEssays, essayId, after: summary));
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Duplicate scan by {Actor}: {Summary}", startedBy, summary.ToString());
        return summary;
    }

    private async Task<ScanSummary> ScanEssayAsync(int essayId, CancellationToken cancellationToken)
    {
        List<(int Id, int AuthorId, string Text)> comments;
        HashSet<(int, int)> known;
        HashSet<(int, int)> dismissed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            comments = [.. (await db.Comments.AsNoTracking()
                .Where(c => c.EssayId == essayId && c.Status == CommentStatus.Visible)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.AuthorId, c.BodyMarkdown })
                .ToListAsync(cancellationToken)).Select(c => (c.Id, c.AuthorId, c.BodyMarkdown))];
            var pairs = await db.DuplicateSuggestions.AsNoTracking().Where(s => s.EssayId == essayId)
                .Select(s => new { s.CommentId, s.OtherCommentId, s.Status }).ToListAsync(cancellationToken);
            known = [.. pairs.Select(p => Key(p.CommentId, p.OtherCommentId))];
            dismissed = [.. pairs.Where(p => p.Status == DuplicateSuggestionStatus.Dismissed).Select(p => Key(p.CommentId, p.OtherCommentId))];
        }

        if (comments.Count < 2)
        {
            return new ScanSummary(1, comments.Count, 0, 0, 0, 0, 0);
        }

        var clusters = detector.FindClusters([.. comments.Select(c => c.Text)], null, cancellationToken);
        int autoMerges = 0, autoMerged = 0, added = 0, skipped = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var suggestions = new List<DuplicateSuggestion>();
        foreach (var cluster in clusters)
        {
            var canonical = comments[cluster.Canonical];
            var members = cluster.Members.Where(m => m != cluster.Canonical).Select(m => comments[m]).ToList();
            var anyDismissed = members.Any(m => dismissed.Contains(Key(m.Id, canonical.Id)));
            if (!anyDismissed && AutoMergePolicy.ShouldAutoMerge(cluster.Kind, cluster.Score, cluster.Members.Select(m => comments[m].AuthorId)))
            {
                var reason = string.Create(CultureInfo.InvariantCulture, $"scan: {cluster.Kind.ToString().ToLowerInvariant()} {cluster.Score:0.###}, same author");
                var merged = await merges.MergeAutomaticallyAsync(SystemActor, canonical.Id, [.. members.Select(m => m.Id)], reason, cancellationToken);
                if (merged.Succeeded)
                {
                    autoMerges++;
                    autoMerged += members.Count;
                    continue;
                }

                // A canonical that answers a member, or a comment changed meanwhile: leave it to a moderator.
                logger.LogInformation("Automatic merge into {CommentId} left to moderators: {Reason}", canonical.Id, merged.Message);
            }

            foreach (var member in members)
            {
                if (!known.Add(Key(member.Id, canonical.Id)))
                {
                    skipped++;
                    continue;
                }

                suggestions.Add(new DuplicateSuggestion
                {
                    EssayId = essayId,
                    CommentId = Math.Max(member.Id, canonical.Id) == member.Id ? member.Id : canonical.Id,
                    OtherCommentId = Math.Max(member.Id, canonical.Id) == member.Id ? canonical.Id : member.Id,
                    Score = cluster.Score,
                    Kind = cluster.Kind == DuplicateKind.Exact ? DuplicateSuggestionKind.Exact : DuplicateSuggestionKind.Near,
                    Status = DuplicateSuggestionStatus.Open,
                    Source = "scan",
                    CreatedAt = now,
                });
                added++;
            }
        }

        if (suggestions.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.DuplicateSuggestions.AddRange(suggestions);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ScanSummary(1, comments.Count, clusters.Count, autoMerges, autoMerged, added, skipped);
    }

    // Pairs are unordered: (a, b) and (b, a) are the same suggestion.
    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);
}
