using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Localization;

/// <summary>
/// The services' outcome messages are Korean sentences made in ForumApp.Core and ForumApp.Data (which stay free of the
/// web's resources): they are localized here, at the edge, with the Korean sentence as the key. A sentence with
/// numbers in it ("댓글은 10,000자를 넘을 수 없습니다.") is looked up with each number as a placeholder
/// ("댓글은 {0}자를 넘을 수 없습니다.") and the numbers put back into the translation; a sentence that ends in a name
/// after a colon ("계정이 없습니다: kim") with the name as the placeholder.
/// </summary>
public static partial class MessageLocalizer
{
    /// <summary>The message in the current UI language: the translation of the sentence, or the sentence as it is.</summary>
    public static string Message(this IStringLocalizer<UiText> text, string message)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        var exact = text[message];
        if (!exact.ResourceNotFound)
        {
            return exact.Value;
        }

        // "이미 쓰이는 아이디입니다: kim" is looked up as "이미 쓰이는 아이디입니다: {0}" (a name after the colon).
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && text[message[..colon] + ": {0}"] is { ResourceNotFound: false } named)
        {
            return string.Format(CultureInfo.InvariantCulture, named.Value, message[(colon + 2)..]);
        }

        var numbers = new List<string>();
        var pattern = Number().Replace(message, m =>
        {
            numbers.Add(m.Value);
            return "{" + (numbers.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        });
        if (numbers.Count == 0)
        {
            return message;
        }

        var found = text[pattern];
        return found.ResourceNotFound ? message : string.Format(CultureInfo.InvariantCulture, found.Value, [.. numbers]);
    }

    [GeneratedRegex(@"\d[\d,]*\d|\d")]
    private static partial Regex Number();
}
