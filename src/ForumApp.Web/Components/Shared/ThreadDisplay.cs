namespace ForumApp.Web.Components.Shared;

/// <summary>How deep a discussion nests on one page before a thread continues on its own page.</summary>
public static class ThreadDisplay
{
    /// <summary>Reply levels shown below a top-level comment; deeper replies continue on the thread's page.</summary>
    public const int DefaultMaxDepth = 5;
}
