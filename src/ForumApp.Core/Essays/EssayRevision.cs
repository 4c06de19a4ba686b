namespace ForumApp.Core.Essays;

/// <summary>
/// One version of an essay, kept forever: revision 1 is the essay as first saved (or imported); each saved edit of a
/// published essay adds the next one. Comments record the revision they answered.
/// </summary>
public class EssayRevision
{
    /// <summary>The row's id.</summary>
    public int Id { get; set; }

    /// <summary>The essay this is a version of.</summary>
    public int EssayId { get; set; }

    /// <summary>1, 2, 3, … ("1판", "2판").</summary>
    public int Number { get; set; }

    /// <summary>The title of this version.</summary>
    public required string Title { get; set; }

    /// <summary>The Markdown of this version (NFC).</summary>
    public required string BodyMarkdown { get; set; }

    /// <summary>Sanitized HTML of this version, rendered once when it was saved.</summary>
    public required string BodyHtml { get; set; }

    /// <summary>Who wrote it.</summary>
    public int AuthorId { get; set; }

    /// <summary>When it was saved (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One paragraph (a top-level Markdown block) of one revision of an essay. <see cref="ParagraphId"/> is stable across
/// revisions: an unchanged paragraph keeps it, an edited one keeps it while it is mostly the same text, a new one gets
/// a new id (see <see cref="ParagraphAlignment"/>). Replies anchor to it.
/// </summary>
public class EssayParagraph
{
    /// <summary>The row's id.</summary>
    public int Id { get; set; }

    /// <summary>The essay.</summary>
    public int EssayId { get; set; }

    /// <summary>The revision this paragraph belongs to.</summary>
    public int Revision { get; set; }

    /// <summary>0-based place in the revision.</summary>
    public int Position { get; set; }

    /// <summary>The stable id (1, 2, …; never reused within an essay), shown as "p{id}" in addresses.</summary>
    public int ParagraphId { get; set; }

    /// <summary>The paragraph's Markdown source.</summary>
    public required string Markdown { get; set; }

    /// <summary>Its sanitized HTML, rendered once.</summary>
    public required string Html { get; set; }
}

/// <summary>A topic label of an essay ("AI 민주화", "오픈소스").</summary>
public class EssayTag
{
    /// <summary>The essay.</summary>
    public int EssayId { get; set; }

    /// <summary>The label, in its stored form (see <see cref="EssayRules.NormalizeTags"/>).</summary>
    public required string Name { get; set; }
}
