namespace ForumApp.Web.Localization;

/// <summary>
/// The one resource of the web UI's text. Keys are the Korean text itself (Korean is the default culture, so a key
/// with no translation shows as written); <c>UiText.en.resx</c> beside this file holds the English of every key.
/// Components inject <c>IStringLocalizer&lt;UiText&gt; L</c> and write <c>@L["댓글 쓰기"]</c>.
/// </summary>
public sealed class UiText;
