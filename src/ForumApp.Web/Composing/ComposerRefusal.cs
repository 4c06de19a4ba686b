using System.Globalization;
using System.Text;
using ForumApp.Core;
using ForumApp.Core.Comments;
using ForumApp.Data.Comments;
using Microsoft.AspNetCore.WebUtilities;

namespace ForumApp.Web.Composing;

/// <summary>
/// Why the composer's plain form post was refused, carried back to the composer in its address
/// (<c>?reply=12&amp;refused=Empty#composer</c>) after <see cref="ComposerFormEndpoints"/> saved the text as the draft.
/// Only codes and numbers travel in the address; the composer shows its own Korean sentence for each, so a link cannot
/// make the page say anything else.
/// </summary>
/// <param name="Code">A <see cref="CommentProblem"/> name, or duplicate, near-duplicate, too-fast, refused.</param>
/// <param name="EarlierCommentId">The same text posted before (duplicate).</param>
/// <param name="RetryAfterSeconds">When a post will be accepted (too-fast).</param>
/// <param name="Similar">Comments close to the text (near-duplicate), at most five.</param>
public sealed record ComposerRefusal(string Code, int? EarlierCommentId = null, int? RetryAfterSeconds = null, IReadOnlyList<int>? Similar = null)
{
    private const string Duplicate = "duplicate";
    private const string NearDuplicate = "near-duplicate";
    private const string TooFast = "too-fast";
    private const string Refused = "refused";

    /// <summary>True for the near-duplicate warning, which the writer may confirm.</summary>
    public bool IsNearDuplicate => Code == NearDuplicate;

    /// <summary>The refusal of <paramref name="outcome"/>.</summary>
    public static ComposerRefusal From(CommentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome switch
        {
            { Rule: CommentProblem rule } => new(rule.ToString()),
            { ProblemType: ProblemTypes.DuplicateComment } => new(Duplicate, outcome.EarlierCommentId),
            { IsNearDuplicate: true } => new(NearDuplicate, Similar: [.. outcome.Matches.Select(m => m.CommentId).Take(5)]),
            { Kind: OutcomeKind.TooManyRequests } => new(TooFast, RetryAfterSeconds: (int)Math.Ceiling(outcome.RetryAfter?.TotalSeconds ?? 1)),
            _ => new(Refused),
        };
    }

    /// <summary>The Korean sentence the composer shows.</summary>
    public string Message => Code switch
    {
        Duplicate => "같은 내용의 댓글을 24시간 안에 이미 올렸습니다.",
        NearDuplicate => "이 에세이에 비슷한 댓글이 이미 있습니다. 확인한 뒤에도 올릴 수 있습니다.",
        TooFast => string.Create(CultureInfo.InvariantCulture, $"댓글을 너무 빨리 올리고 있습니다. {RetryAfterSeconds ?? 1}초 뒤에 다시 시도해 주세요."),
        _ when Enum.TryParse<CommentProblem>(Code, out var rule) && Enum.IsDefined(rule) => CommentRules.Message(rule),
        _ => "댓글을 등록하지 못했습니다. 쓴 글은 임시 저장되어 있으니 다시 시도해 주세요.",
    };

    /// <summary>"&amp;refused=…" and its numbers, to append to the composer's address.</summary>
    public string ToQuery()
    {
        var query = new StringBuilder("&refused=").Append(Uri.EscapeDataString(Code));
        if (EarlierCommentId is int earlier)
        {
            query.Append(CultureInfo.InvariantCulture, $"&earlier={earlier}");
        }

        if (RetryAfterSeconds is int wait)
        {
            query.Append(CultureInfo.InvariantCulture, $"&wait={wait}");
        }

        if (Similar is { Count: > 0 })
        {
            query.Append("&similar=").Append(string.Join(',', Similar.Select(i => i.ToString(CultureInfo.InvariantCulture))));
        }

        return query.ToString();
    }

    /// <summary>The refusal named in <paramref name="uri"/>'s query, or null.</summary>
    public static ComposerRefusal? FromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var query = QueryHelpers.ParseQuery(new Uri(uri, UriKind.Absolute).Query);
        if (!query.TryGetValue("refused", out var code) || string.IsNullOrEmpty(code) || code.ToString().Length > 40)
        {
            return null;
        }

        return new ComposerRefusal(
            code.ToString(),
            Number(query, "earlier"),
            Number(query, "wait"),
            query.TryGetValue("similar", out var similar)
                ? [.. similar.ToString().Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Take(5)]
                : null);
    }

    private static int? Number(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string name) =>
        query.TryGetValue(name, out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
