using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace ForumApp.Core.Comments;

/// <summary>How a line changed between two revisions.</summary>
public enum DiffLineKind
{
    /// <summary>In both texts.</summary>
    Unchanged,
    /// <summary>Only in the newer text.</summary>
    Inserted,
    /// <summary>Only in the older text.</summary>
    Deleted,
}

/// <summary>One line of a revision diff.</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text);

/// <summary>Line diffs between two revisions of a comment (DiffPlex), for the revision history.</summary>
public static class RevisionDiff
{
    /// <summary>The lines of <paramref name="after"/> and the lines removed from <paramref name="before"/>, in reading order.</summary>
    public static IReadOnlyList<DiffLine> Lines(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var model = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false);
        return [.. model.Lines.Select(l => new DiffLine(
            l.Type switch
            {
                ChangeType.Inserted => DiffLineKind.Inserted,
                ChangeType.Deleted => DiffLineKind.Deleted,
                _ => DiffLineKind.Unchanged,
            },
            l.Text ?? ""))];
    }
}
