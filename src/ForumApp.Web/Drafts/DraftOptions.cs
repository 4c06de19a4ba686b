namespace ForumApp.Web.Drafts;

/// <summary>How often an open composer saves what is typed as the writer's draft (configuration section <c>Drafts</c>).</summary>
public sealed class DraftOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Drafts";

    /// <summary>Saved this long after the last change (a pause in typing).</summary>
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Saved at least this long after the first unsaved change, even while the writer keeps typing.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
