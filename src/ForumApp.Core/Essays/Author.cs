namespace ForumApp.Core.Essays;

/// <summary>A person credited with an essay or a comment. Imported text may have an unknown author.</summary>
public class Author
{
    /// <summary>The name shown for text whose author the source does not name.</summary>
    public const string UnknownDisplayName = "알 수 없는 작성자";

    /// <summary>The author's id.</summary>
    public int Id { get; set; }

    /// <summary>The name readers see, NFC.</summary>
    public required string DisplayName { get; set; }

    /// <summary>True for the shared placeholder of imported text without a named author.</summary>
    public bool IsUnknown { get; set; }

    /// <summary>The account this author writes as, once accounts exist; null for imported authors.</summary>
    public string? UserId { get; set; }

    /// <summary>
    /// The account's user name, when a read filled it in (not stored): the profile page is <c>/users/{ProfileName}</c>.
    /// Null for authors without an account (imported text), whose names are not linked.
    /// </summary>
    public string? ProfileName { get; set; }
}
