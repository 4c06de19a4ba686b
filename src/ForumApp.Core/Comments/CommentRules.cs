using System.Text;
using ForumApp.Core.Text;

namespace ForumApp.Core.Comments;

/// <summary>What is wrong with a comment's text or target. Nothing is stored when a rule fails.</summary>
public enum CommentProblem
{
    /// <summary>Empty, or only whitespace and invisible characters.</summary>
    Empty,

    /// <summary>Longer than <see cref="CommentRules.MaxLength"/> characters.</summary>
    TooLong,

    /// <summary>A control character other than line feed, tab or carriage return.</summary>
    ControlCharacter,

    /// <summary>A UTF-16 surrogate without its pair: not a character at all.</summary>
    LoneSurrogate,

    /// <summary>The parent comment does not exist.</summary>
    ParentNotFound,

    /// <summary>The parent comment belongs to another essay.</summary>
    ParentInOtherEssay,

    /// <summary>The parent comment was deleted or merged away.</summary>
    ParentNotVisible,

    /// <summary>Quotes, lists, emphasis or links nested deeper than the Markdown renderer can show.</summary>
    TooDeeplyNested,

    /// <summary>The paragraph named is not a paragraph of the essay's current revision.</summary>
    ParagraphNotFound,

    /// <summary>The stance named is not one of agree, disagree, question, addition.</summary>
    UnknownStance,
}

/// <summary>The text rules every comment must pass, in the UI and in the API alike.</summary>
public static class CommentRules
{
    /// <summary>The longest comment, in Unicode characters (code points) of the stored (NFC) form.</summary>
    public const int MaxLength = 20_000;

    /// <summary>
    /// Checks the text as received. Carriage returns are allowed because browsers and clients send CRLF line ends;
    /// the stored form turns them into LF. Returns null when the text is acceptable.
    /// </summary>
    public static CommentProblem? Check(string? text)
    {
        if (text is null)
        {
            return CommentProblem.Empty;
        }

        var hasContent = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return CommentProblem.LoneSurrogate;
                }

                i++;
                hasContent = true;
                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                return CommentProblem.LoneSurrogate;
            }

            if (char.IsControl(c) && c is not ('\n' or '\t' or '\r'))
            {
                return CommentProblem.ControlCharacter;
            }

            if (!char.IsWhiteSpace(c) && !TextNormalizer.IsInvisible(c))
            {
                hasContent = true;
            }
        }

        if (!hasContent)
        {
            return CommentProblem.Empty;
        }

        var stored = TextNormalizer.ToStoredForm(text);
        return CountCodePoints(stored) > MaxLength ? CommentProblem.TooLong : null;
    }

    /// <summary>A clear Korean message for the UI and the API's problem title.</summary>
    public static string Message(CommentProblem problem) => problem switch
    {
        CommentProblem.Empty => "댓글 내용을 입력해 주세요. 공백만으로는 등록할 수 없습니다.",
        CommentProblem.TooLong => $"댓글은 {MaxLength:N0}자를 넘을 수 없습니다.",
        CommentProblem.ControlCharacter => "댓글에 쓸 수 없는 제어 문자가 들어 있습니다.",
        CommentProblem.LoneSurrogate => "댓글에 깨진 문자(짝이 없는 서로게이트)가 들어 있습니다.",
        CommentProblem.ParentNotFound => "답글을 달 댓글을 찾을 수 없습니다.",
        CommentProblem.ParentInOtherEssay => "다른 에세이의 댓글에는 여기서 답글을 달 수 없습니다.",
        CommentProblem.ParentNotVisible => "삭제되었거나 합쳐진 댓글에는 답글을 달 수 없습니다.",
        CommentProblem.TooDeeplyNested => "인용(>)이나 목록, 강조, 링크가 너무 깊게 겹쳐 있어 표시할 수 없습니다. 겹친 단계를 줄여 주세요.",
        CommentProblem.ParagraphNotFound => "답할 문단을 찾을 수 없습니다. 에세이가 고쳐졌다면 새로 고친 뒤 다시 골라 주세요.",
        CommentProblem.UnknownStance => "입장은 찬성(agree), 반대(disagree), 질문(question), 보충(addition) 중 하나여야 합니다.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    /// <summary>Unicode scalar values in <paramref name="text"/> (a surrogate pair counts once).</summary>
    public static int CountCodePoints(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Turns <paramref name="passage"/> into a Markdown blockquote (every line prefixed with "&gt; "), followed by a blank line,
    /// ready to put before a reply.
    /// </summary>
    public static string Quote(string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var sb = new StringBuilder();
        foreach (var line in passage.Trim().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            sb.Append(line.Length == 0 ? ">" : "> ").Append(line).Append('\n');
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>The paragraphs of a Markdown text (separated by blank lines), for picking a passage to quote.</summary>
    public static IReadOnlyList<string> Paragraphs(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return [.. markdown.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
