namespace ForumApp.Web.Localization;

/// <summary>
/// Marks a Korean text kept in code to be shown later through the localizer (<c>L[label]</c>): the text is returned
/// as it is, and the resource test (UiTextResourceTests) finds it as a key that needs an English entry.
/// </summary>
public static class UiKeys
{
    /// <summary>The key itself.</summary>
    public static string Of(string key) => key;
}
