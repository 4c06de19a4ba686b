using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace ForumApp.Core.Moderation;

/// <summary>How a line or a piece of a line differs between two texts.</summary>
public enum DiffChange
{
    /// <summary>The same on both sides.</summary>
    Unchanged,
    /// <summary>Only on the right.</summary>
    Inserted,
    /// <summary>Only on the left.</summary>
    Deleted,
    /// <summary>On both sides, changed.</summary>
    Modified,

    /// <summary>A filler line on one side, where the other side has a line the first lacks.</summary>
    Missing,
}

/// <summary>A word (or run of spaces) inside a modified line.</summary>
public sealed record DiffWord(DiffChange Change, string Text);

/// <summary>One row of one side of the diff.</summary>
/// <param name="Number">The 1-based line number in that text, or null for a filler row.</param>
/// <param name="Change">How the line changed.</param>
/// <param name="Text">The line's text ("" for a filler row).</param>
/// <param name="Pieces">For modified lines, the words with their own change; empty otherwise.</param>
public sealed record DiffRow(int? Number, DiffChange Change, string Text, IReadOnlyList<DiffWord> Pieces);

/// <summary>Two texts aligned row by row: the canonical on the left, a member on the right.</summary>
public sealed record SideBySideDiff(IReadOnlyList<DiffRow> Left, IReadOnlyList<DiffRow> Right)
{
    /// <summary>True when the texts are the same line for line.</summary>
    public bool Identical => Left.All(r => r.Change == DiffChange.Unchanged) && Right.All(r => r.Change == DiffChange.Unchanged);

    /// <summary>Line diff (DiffPlex <see cref="SideBySideDiffBuilder"/>) with word pieces in modified lines.</summary>
    /// <param name="left">The canonical text.</param>
    /// <param name="right">The member's text.</param>
    public static SideBySideDiff Build(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var model = SideBySideDiffBuilder.Diff(left, right, ignoreWhiteSpace: false);
        return new SideBySideDiff([.. model.OldText.Lines.Select(Row)], [.. model.NewText.Lines.Select(Row)]);
    }

    private static DiffRow Row(DiffPiece line)
    {
        var change = Change(line.Type);
        IReadOnlyList<DiffWord> pieces = change == DiffChange.Modified
            ? [.. line.SubPieces.Where(p => p.Type != ChangeType.Imaginary).Select(p => new DiffWord(Change(p.Type), p.Text ?? ""))]
            : [];
        return new DiffRow(line.Position, change, line.Text ?? "", pieces);
    }

    private static DiffChange Change(ChangeType type) => type switch
    {
        ChangeType.Inserted => DiffChange.Inserted,
        ChangeType.Deleted => DiffChange.Deleted,
        ChangeType.Modified => DiffChange.Modified,
        ChangeType.Imaginary => DiffChange.Missing,
        _ => DiffChange.Unchanged,
    };
}
