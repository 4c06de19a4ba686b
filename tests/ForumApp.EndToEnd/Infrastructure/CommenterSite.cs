using ForumApp.Core.Comments;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The site for writers: the posting limits are off, because each test registers a fresh account and posts several
/// times in a few seconds (a new account may otherwise post once per 30 s). The rate limits have tests of their own.
/// </summary>
public sealed class CommenterSite : ForumSite
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["Posting:PerAccountInterval"] = "00:00:00",
        ["Posting:NewAccountInterval"] = "00:00:00",
        ["Posting:PerIpInterval"] = "00:00:00",
    };

    /// <summary>
    /// The longest visible seed comment of the essay (someone else's, read before any test posts): a text long enough
    /// that a small edit of it stays a near-duplicate.
    /// </summary>
    public Comment SeedComment { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Settings => s_settings;

    protected override async Task ArrangeAsync()
    {
        await using var db = await CreateDbContextAsync();
        var visible = await db.Comments.AsNoTracking()
            .Where(c => c.EssayId == EssayId && c.Status == CommentStatus.Visible)
            .ToListAsync();
        SeedComment = visible.OrderByDescending(c => c.BodyMarkdown.Length).ThenBy(c => c.Id).First();
    }
}
