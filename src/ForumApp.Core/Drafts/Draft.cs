using System.Globalization;

namespace ForumApp.Core.Drafts;

/// <summary>
/// What a signed-in person is writing and has not posted yet, saved on the server as they type so that nothing is lost
/// to a reload, a closed tab, a dropped connection or a server restart. One draft per person and place.
/// </summary>
public class Draft
{
    /// <summary>The row's id.</summary>
    public long Id { get; set; }

    /// <summary>The account writing it.</summary>
    public required string UserId { get; set; }

    /// <summary>Where it is written (see <see cref="DraftPlaces"/>), for example <c>comment:3:reply:12</c>.</summary>
    public required string Place { get; set; }

    /// <summary>A title, for drafts that have one (essays).</summary>
    public string? Title { get; set; }

    /// <summary>The text as typed (Markdown), not yet checked against the posting rules.</summary>
    public required string Body { get; set; }

    /// <summary>Other fields of the form (tags, stance, anchor), as the place's form stores them.</summary>
    public string? Extra { get; set; }

    /// <summary>When it was last saved (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The places a draft can belong to: one way to name them, so the composer and the API agree.</summary>
public static class DraftPlaces
{
    /// <summary>The longest place name.</summary>
    public const int MaxLength = 100;

    /// <summary>A reply to essay <paramref name="essayId"/> (<paramref name="parentId"/> null) or to one of its comments.</summary>
    public static string Reply(int essayId, int? parentId) =>
        string.Create(CultureInfo.InvariantCulture, $"comment:{essayId}:reply:{parentId ?? 0}");

    /// <summary>An edit of comment <paramref name="commentId"/> of essay <paramref name="essayId"/>.</summary>
    public static string Edit(int essayId, int commentId) =>
        string.Create(CultureInfo.InvariantCulture, $"comment:{essayId}:edit:{commentId}");

    /// <summary>A new essay not saved as one yet.</summary>
    public const string NewEssay = "essay:new";

    /// <summary>An edit of essay <paramref name="essayId"/>.</summary>
    public static string EssayEdit(int essayId) => string.Create(CultureInfo.InvariantCulture, $"essay:{essayId}");

    /// <summary>True for a name one of the methods above makes.</summary>
    public static bool IsValid(string? place) =>
        place is { Length: > 0 and <= MaxLength } && (place == NewEssay || place.StartsWith("comment:", StringComparison.Ordinal) || place.StartsWith("essay:", StringComparison.Ordinal))
        && place.All(c => char.IsAsciiLetterOrDigit(c) || c == ':');
}
