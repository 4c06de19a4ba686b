using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Localization;

/// <summary>The Korean text as written (the keys themselves): for code that writes UI text without a localizer at hand.</summary>
public sealed class KeysOnlyLocalizer : IStringLocalizer<UiText>
{
    /// <summary>The one instance.</summary>
    public static KeysOnlyLocalizer Instance { get; } = new();

    /// <inheritdoc />
    public LocalizedString this[string name] => new(name, name, resourceNotFound: true);

    /// <inheritdoc />
    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(CultureInfo.CurrentCulture, name, arguments), resourceNotFound: true);

    /// <inheritdoc />
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
