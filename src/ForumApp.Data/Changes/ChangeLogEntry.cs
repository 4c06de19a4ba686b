using System.Globalization;
using ForumApp.Core.Changes;

namespace ForumApp.Data.Changes;

/// <summary>
/// A committed change, stored in the same transaction as the write it describes (table <c>ChangeLog</c>). Its id is
/// the change's place in the feed: live readers resume from it (<c>Last-Event-ID</c>) and a node that missed a
/// notification reads what it missed from here.
/// </summary>
public class ChangeLogEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public ForumChangeKind Kind { get; set; }

    public int? EssayId { get; set; }

    /// <summary>The comment ids, comma-separated ("" for none).</summary>
    public string CommentIds { get; set; } = "";

    public int? AuthorId { get; set; }

    public int? MergeId { get; set; }

    public int? ParentId { get; set; }

    /// <summary>The row for <paramref name="change"/>.</summary>
    public static ChangeLogEntry From(ForumChange change, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new ChangeLogEntry
        {
            At = at,
            Kind = change.Kind,
            EssayId = change.EssayId,
            CommentIds = string.Join(',', change.CommentIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            AuthorId = change.AuthorId,
            MergeId = change.MergeId,
            ParentId = change.ParentId,
        };
    }

    /// <summary>The change this row records, with its sequence number.</summary>
    public ForumChange ToChange() =>
        new(Kind, EssayId, CommentIds.Length == 0 ? [] : [.. CommentIds.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))], AuthorId, MergeId, ParentId)
        {
            Sequence = Id,
            At = At,
        };
}
