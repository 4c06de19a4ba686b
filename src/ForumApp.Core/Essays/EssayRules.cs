using ForumApp.Core.Text;

namespace ForumApp.Core.Essays;

/// <summary>What is wrong with an essay's title, text or tags. Nothing is stored when a rule fails.</summary>
public enum EssayProblem
{
    /// <summary>No title, or only whitespace.</summary>
    TitleEmpty,

    /// <summary>A title longer than <see cref="EssayRules.MaxTitleLength"/> characters.</summary>
    TitleTooLong,

    /// <summary>A control character (a line break included) or a broken character in the title.</summary>
    TitleControlCharacter,

    /// <summary>No text, or only whitespace and invisible characters.</summary>
    BodyEmpty,

    /// <summary>Text longer than <see cref="EssayRules.MaxBodyLength"/> characters.</summary>
    BodyTooLong,

    /// <summary>A control character other than line feed, tab or carriage return in the text.</summary>
    BodyControlCharacter,

    /// <summary>A UTF-16 surrogate without its pair in the text.</summary>
    BodyLoneSurrogate,

    /// <summary>Quotes, lists, emphasis or links nested deeper than the Markdown renderer can show.</summary>
    BodyTooDeeplyNested,

    /// <summary>More than <see cref="EssayRules.MaxTags"/> tags.</summary>
    TooManyTags,

    /// <summary>An empty tag, one longer than <see cref="EssayRules.MaxTagLength"/>, or one with characters a label cannot hold.</summary>
    InvalidTag,
}

/// <summary>The rules every essay must pass when it is saved, in the editor and the API alike.</summary>
public static class EssayRules
{
    /// <summary>The longest title, in characters (code points) of the stored form.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest essay, in characters (code points) of the stored form.</summary>
    public const int MaxBodyLength = 200_000;

    /// <summary>The most tags an essay carries.</summary>
    public const int MaxTags = 5;

    /// <summary>The longest tag, in characters.</summary>
    public const int MaxTagLength = 30;

    /// <summary>Checks a title and a Markdown text as received; null when both are acceptable.</summary>
    public static EssayProblem? Check(string? title, string? body) => CheckTitle(title) ?? CheckBody(body);

    /// <summary>Checks a title: not empty, one line, at most <see cref="MaxTitleLength"/> characters.</summary>
    public static EssayProblem? CheckTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.All(c => char.IsWhiteSpace(c) || TextNormalizer.IsInvisible(c)))
        {
            return EssayProblem.TitleEmpty;
        }

        if (!IsWellFormed(title) || title.Any(char.IsControl))
        {
            return EssayProblem.TitleControlCharacter;
        }

        return Comments.CommentRules.CountCodePoints(TextNormalizer.ToStoredForm(title).Trim()) > MaxTitleLength ? EssayProblem.TitleTooLong : null;
    }

    /// <summary>Checks the Markdown text: not empty, no control characters, at most <see cref="MaxBodyLength"/> characters.</summary>
    public static EssayProblem? CheckBody(string? body)
    {
        if (body is null)
        {
            return EssayProblem.BodyEmpty;
        }

        if (!IsWellFormed(body))
        {
            return EssayProblem.BodyLoneSurrogate;
        }

        var hasContent = false;
        foreach (var c in body)
        {
            if (char.IsControl(c) && c is not ('\n' or '\t' or '\r'))
            {
                return EssayProblem.BodyControlCharacter;
            }

            hasContent |= !char.IsWhiteSpace(c) && !TextNormalizer.IsInvisible(c);
        }

        if (!hasContent)
        {
            return EssayProblem.BodyEmpty;
        }

        return Comments.CommentRules.CountCodePoints(TextNormalizer.ToStoredForm(body)) > MaxBodyLength ? EssayProblem.BodyTooLong : null;
    }

    /// <summary>
    /// The tags as stored: NFC, trimmed, inner whitespace folded to one space, repeated tags (ignoring case) once (the
    /// first spelling kept), in one order everywhere (ordinal: Latin, then Hangul in 가나다 order); or the problem when
    /// there are too many or one is not a label.
    /// </summary>
    public static (IReadOnlyList<string> Tags, EssayProblem? Problem) NormalizeTags(IEnumerable<string?>? tags)
    {
        var result = new List<string>();
        foreach (var raw in tags ?? [])
        {
            if (raw is null || !IsWellFormed(raw))
            {
                return ([], EssayProblem.InvalidTag);
            }

            var tag = string.Join(' ', TextNormalizer.ToStoredForm(raw).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (tag.Length == 0 || tag.Length > MaxTagLength || tag.Any(c => char.IsControl(c) || TextNormalizer.IsInvisible(c) || c is ',' or '<' or '>' or '"' or '&'))
            {
                return ([], EssayProblem.InvalidTag);
            }

            if (!result.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(tag);
            }
        }

        return result.Count > MaxTags ? ([], EssayProblem.TooManyTags) : ([.. result.Order(StringComparer.Ordinal)], null);
    }

    /// <summary>A clear Korean message for the editor and the API's problem title.</summary>
    public static string Message(EssayProblem problem) => problem switch
    {
        EssayProblem.TitleEmpty => "제목을 입력해 주세요.",
        EssayProblem.TitleTooLong => $"제목은 {MaxTitleLength:N0}자를 넘을 수 없습니다.",
        EssayProblem.TitleControlCharacter => "제목에 쓸 수 없는 문자(줄바꿈, 제어 문자, 깨진 문자)가 들어 있습니다.",
        EssayProblem.BodyEmpty => "본문을 입력해 주세요. 공백만으로는 저장할 수 없습니다.",
        EssayProblem.BodyTooLong => $"본문은 {MaxBodyLength:N0}자를 넘을 수 없습니다.",
        EssayProblem.BodyControlCharacter => "본문에 쓸 수 없는 제어 문자가 들어 있습니다.",
        EssayProblem.BodyLoneSurrogate => "본문에 깨진 문자(짝이 없는 서로게이트)가 들어 있습니다.",
        EssayProblem.TooManyTags => $"태그는 {MaxTags}개까지 달 수 있습니다.",
        EssayProblem.BodyTooDeeplyNested => "인용(>)이나 목록, 강조, 링크가 너무 깊게 겹쳐 있어 표시할 수 없습니다. 겹친 단계를 줄여 주세요.",
        EssayProblem.InvalidTag => $"태그는 1자 이상 {MaxTagLength}자 이하의 글자로 써 주세요 (쉼표, 꺾쇠, 따옴표, 제어 문자는 쓸 수 없습니다).",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    /// <summary>Words as a Korean reader counts them: runs of non-space characters (어절).</summary>
    public static int CountWords(string? text) =>
        string.IsNullOrWhiteSpace(text) ? 0 : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The tags joined for a form field: "AI 민주화, 오픈소스".</summary>
    public static string JoinTags(IEnumerable<string> tags) => string.Join(", ", tags ?? []);

    /// <summary>A form field's tags ("AI 민주화, 오픈소스") as a list, not yet checked.</summary>
    public static IReadOnlyList<string> SplitTags(string? field) =>
        string.IsNullOrWhiteSpace(field) ? [] : field.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
