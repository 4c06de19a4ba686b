namespace ForumApp.Core.Import;

/// <summary>A non-blank line of a thread file.</summary>
/// <param name="Number">1-based line number in the file.</param>
/// <param name="Text">The line, NFC, without its line ending.</param>
public sealed record ThreadLine(int Number, string Text);

/// <summary>A thread file read and checked, not yet interpreted.</summary>
/// <param name="FileName">The file's name without its folder.</param>
/// <param name="Sha256">Hex SHA-256 of the file's bytes: the same bytes are imported only once.</param>
/// <param name="Date">The date on line 1.</param>
/// <param name="Lines">Every non-blank line after the date line.</param>
public sealed record ThreadFile(string FileName, string Sha256, DateOnly Date, IReadOnlyList<ThreadLine> Lines);
