using System.Globalization;
using System.Text;
using ForumApp.Core.Comments;
using ForumApp.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ForumApp.Web.Components.Shared;

/// <summary>Who is looking at a thread and how deep it goes: what changes the markup of the tree.</summary>
/// <param name="EssayPath">"/essays/1/slug": permalinks, reply links and continuation pages hang off it.</param>
/// <param name="MaxDepth">Reply levels shown before a thread continues on its own page.</param>
/// <param name="BaseDepth">Depth of the first level shown (non-zero on a continuation page).</param>
/// <param name="ViewerAuthorId">The signed-in reader's author id: their own comments get edit and delete links.</param>
/// <param name="ViewerCanModerate">Moderators and admins get a delete link on every comment.</param>
/// <param name="PageQuery">The page and order the threads are on ("page=7&amp;sort=newest", "" for the first page in
/// the default order): permalinks and reply links keep the reader on that page.</param>
/// <param name="Debate">The essay's current revision and paragraphs: replies then say which paragraph and which
/// earlier revision they answered. Null leaves that out.</param>
public sealed record ThreadView(
    string EssayPath,
    int MaxDepth = ThreadDisplay.DefaultMaxDepth,
    int BaseDepth = 0,
    int? ViewerAuthorId = null,
    bool ViewerCanModerate = false,
    string PageQuery = "",
    DebateView? Debate = null)
{
    /// <summary>"공감" per comment readers see (absent: none).</summary>
    public IReadOnlyDictionary<int, int>? Reactions { get; init; }

    /// <summary>The comments the signed-in reader gave "공감" to (their buttons say so and take it back).</summary>
    public IReadOnlySet<int>? Reacted { get; init; }

    /// <summary>
    /// The antiforgery field of the signed-in reader's forms (a hidden input, HTML): with it every visible comment gets a
    /// "공감" button (a plain form); without it (an anonymous reader, cached HTML) only the count is written.
    /// </summary>
    public string? AntiforgeryField { get; init; }

    /// <summary>The address of the page the threads are on, without a fragment.</summary>
    public string PagePath => PageQuery.Length == 0 ? EssayPath : EssayPath + "?" + PageQuery;

    /// <summary>The query of an action link on this page ("?reply=" or "?reply=…&amp;page=7").</summary>
    public string ActionQuery(string action, string id) => PageQuery.Length == 0 ? $"?{action}={id}" : $"?{action}={id}&{PageQuery}";
}

/// <summary>An essay's current revision and its paragraphs' places, for labelling replies.</summary>
/// <param name="EssayId">The essay.</param>
/// <param name="Revision">Its current revision.</param>
/// <param name="ParagraphNumbers">Each current paragraph's stable id and its 1-based place.</param>
public sealed record DebateView(int EssayId, int Revision, IReadOnlyDictionary<int, int> ParagraphNumbers)
{
    /// <summary>The page of one revision of the essay.</summary>
    public string RevisionPath(int number) => string.Create(CultureInfo.InvariantCulture, $"/essays/{EssayId}/revisions/{number}");

    /// <summary>The history page comparing revision <paramref name="from"/> with the current one.</summary>
    public string ChangesSincePath(int from) => string.Create(CultureInfo.InvariantCulture, $"/essays/{EssayId}/history?from={from}");
}

/// <summary>
/// Writes the reply forest as HTML in one pass over a <see cref="StringBuilder"/>.
/// A discussion can hold thousands of comments: building a Blazor render tree of ~20 frames per comment and
/// encoding every Hangul syllable as a character reference cost several times more than the page's queries, so
/// the tree is written here directly (see docs/performance.md). Dynamic text goes through <see cref="Text"/> and
/// <see cref="Attribute"/>, which escape the five HTML-significant characters and leave Hangul as UTF-8.
/// Comment bodies are the sanitized HTML stored when they were written.
/// </summary>
public static class CommentThreadWriter
{
    /// <summary>
    /// The HTML of the forest: an &lt;ol&gt; of threads, or the "no comments" line, its UI text in the language of
    /// <paramref name="text"/> (Korean as written when null). Author names and bodies carry <c>data-user-content</c>.
    /// </summary>
    public static string Write(IReadOnlyList<CommentNode> threads, ThreadView view, IStringLocalizer<UiText>? text = null)
    {
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentNullException.ThrowIfNull(view);
        var L = text ?? KeysOnlyLocalizer.Instance;
        if (threads.Count == 0)
        {
            return "<p class=\"no-comments\">" + L["아직 댓글이 없습니다."] + "</p>";
        }

        var html = new StringBuilder(1024 + (threads.Count * 1200));
        html.Append("<ol class=\"thread-list\" role=\"list\">");
        foreach (var node in threads)
        {
            WriteNode(html, node, view, L);
        }

        html.Append("</ol>");
        return html.ToString();
    }

    private static void WriteNode(StringBuilder html, CommentNode node, ThreadView view, IStringLocalizer<UiText> L)
    {
        var c = node.Comment;
        var id = c.Id.ToString(CultureInfo.InvariantCulture);
        var level = node.Depth - view.BaseDepth;
        var deleted = c.Status == CommentStatus.Deleted;
        var date = KoreanTime.Date(c.CreatedAt);

        html.Append("<li class=\"comment-item\" data-depth=\"").Append(level).Append("\">");
        html.Append("<article class=\"comment").Append(deleted ? " comment-deleted" : "").Append("\" id=\"c-").Append(id)
            .Append("\" aria-labelledby=\"c-").Append(id).Append("-author\">");
        html.Append("<header class=\"comment-meta\"><span class=\"comment-author\" id=\"c-").Append(id).Append("-author\"")
            .Append(deleted ? ">" : " data-user-content>");
        if (!deleted && c.Author?.ProfileName is { } profile)
        {
            // Every author name leads to the person's profile (accounts only: imported authors have none).
            html.Append("<a class=\"author-link\" href=\"");
            Attribute(html, PeopleLinks.Profile(profile));
            html.Append("\">");
            Text(html, node.AuthorName);
            html.Append("</a>");
        }
        else
        {
            Text(html, deleted ? L["삭제된 댓글"] : node.AuthorName);
        }

        html.Append("</span>");
        // data-enhance-nav="false": Blazor's enhanced navigation would take the click and scroll with pushState,
        // which never sets :target; the browser's own fragment jump does. The accessible name starts with the
        // visible date (WCAG 2.5.3, label in name).
        html.Append("<a class=\"permalink\" href=\"");
        Attribute(html, view.PagePath);
        html.Append("#c-").Append(id).Append("\" data-enhance-nav=\"false\" aria-label=\"");
        Attribute(html, L["{0}, 댓글 #{1} 고유 링크", date, id]);
        html.Append("\"><time datetime=\"").Append(KoreanTime.Iso(c.CreatedAt)).Append("\">").Append(date).Append("</time></a>");
        if (node.MergedCopies > 0)
        {
            html.Append("<span class=\"merged-badge\" title=\"").Append(L["같은 내용의 사본을 하나로 합쳤습니다"]).Append("\">")
                .Append(L["사본 {0}개 합침", node.MergedCopies]).Append("</span>");
        }

        foreach (var mergedId in node.MergedIds)
        {
            // The permalink of a merged copy (#c-{id}) lands on the comment it was merged into.
            html.Append("<span class=\"merged-anchor\" id=\"c-").Append(mergedId).Append("\"></span>");
        }

        html.Append("</header>");
        if (!deleted)
        {
            WriteDebateLine(html, c, view, L);
        }

        if (node.AlsoPostedBy.Count > 0)
        {
            html.Append("<p class=\"also-posted-by\">").Append(L["함께 올린 사람:"]).Append(" <span data-user-content>");
            Text(html, string.Join(", ", node.AlsoPostedBy));
            html.Append("</span></p>");
        }

        if (deleted)
        {
            html.Append("<p class=\"comment-tombstone\">")
                .Append(c.DeletedByModerator ? L["운영자가 삭제한 댓글입니다."] : L["작성자가 삭제한 댓글입니다."]).Append("</p>");
        }
        else
        {
            html.Append("<div class=\"comment-body\" data-user-content>").Append(c.BodyHtml).Append("</div>");
            if (c.Status == CommentStatus.Visible)
            {
                WriteActions(html, c, id, view, L);
            }
        }

        html.Append("</article>");
        if (node.Children.Count > 0)
        {
            if (level >= view.MaxDepth)
            {
                html.Append("<p class=\"thread-continues\"><a href=\"");
                Attribute(html, view.EssayPath);
                html.Append("/comments/").Append(id).Append("\">").Append(L["이어지는 답글 {0}개 보기 →", node.DescendantCount]).Append("</a></p>");
            }
            else
            {
                html.Append("<details class=\"replies\" open><summary>").Append(L["답글 {0}개", node.DescendantCount])
                    .Append("</summary><ol class=\"thread-list nested\" role=\"list\">");
                foreach (var child in node.Children)
                {
                    WriteNode(html, child, view, L);
                }

                html.Append("</ol></details>");
            }
        }

        html.Append("</li>");
    }

    // The stance label, the paragraph answered and, for a reply to an earlier revision, which one and what changed since.
    private static void WriteDebateLine(StringBuilder html, Comment c, ThreadView view, IStringLocalizer<UiText> L)
    {
        var debate = view.Debate;
        var paragraph = c.ParagraphId is not null && debate is not null;
        var older = debate is not null && c.EssayRevision < debate.Revision;
        if (c.Stance is null && !paragraph && !older)
        {
            return;
        }

        html.Append("<p class=\"comment-debate\">");
        if (c.Stance is CommentStance stance)
        {
            html.Append("<span class=\"stance stance-").Append(CommentStances.Name(stance)).Append("\">").Append(L[CommentStances.Label(stance)]).Append("</span>");
        }

        if (paragraph && debate!.ParagraphNumbers.TryGetValue(c.ParagraphId!.Value, out var number))
        {
            html.Append("<a class=\"paragraph-ref\" href=\"");
            Attribute(html, view.EssayPath);
            html.Append("#p-").Append(c.ParagraphId.Value).Append("\" data-enhance-nav=\"false\">").Append(L["{0}문단에 대한 답글", number]).Append("</a>");
        }
        else if (paragraph)
        {
            html.Append("<a class=\"paragraph-ref\" href=\"").Append(debate!.RevisionPath(c.EssayRevision)).Append("#p-").Append(c.ParagraphId!.Value)
                .Append("\">").Append(L["지금은 없는 문단에 대한 답글"]).Append("</a>");
        }

        if (older)
        {
            html.Append("<a class=\"revision-note\" href=\"").Append(debate!.RevisionPath(c.EssayRevision)).Append("\">")
                .Append(L["{0}판에 대한 댓글", c.EssayRevision]).Append("</a>")
                .Append("<a class=\"changes-since\" href=\"").Append(debate.ChangesSincePath(c.EssayRevision)).Append("\">").Append(L["이후 바뀐 점"]).Append("</a>");
        }

        html.Append("</p>");
    }

    private static void WriteActions(StringBuilder html, Comment c, string id, ThreadView view, IStringLocalizer<UiText> L)
    {
        var own = view.ViewerAuthorId is int me && me == c.AuthorId;
        html.Append("<footer class=\"comment-actions\">");
        ReactionMarkup.Write(html, c.Id, view, L);
        ActionLink(html, "reply-link", view.EssayPath, view.ActionQuery("reply", id), "#composer", L["댓글 #{0}에 답글", id], L["답글"]);
        if (own)
        {
            ActionLink(html, "edit-link", view.EssayPath, view.ActionQuery("edit", id), "#composer", L["댓글 #{0} 수정", id], L["수정"]);
        }

        if (own || view.ViewerCanModerate)
        {
            ActionLink(html, "delete-link", view.EssayPath, view.ActionQuery("delete", id), "#composer", L["댓글 #{0} 삭제", id], L["삭제"]);
        }

        if (c.EditedAt is not null)
        {
            html.Append("<a class=\"history-link\" href=\"/comments/").Append(id).Append("/history\">").Append(L["수정됨 · 기록 보기"]).Append("</a>");
        }

        // Anyone may follow it; the flag page asks readers who are not signed in to log in first.
        html.Append("<a class=\"flag-link\" href=\"/comments/").Append(id).Append("/flag\" rel=\"nofollow\" aria-label=\"").Append(L["댓글 #{0} 신고", id])
            .Append("\">").Append(L["신고"]).Append("</a>");

        html.Append("</footer>");
    }

    private static void ActionLink(StringBuilder html, string cssClass, string path, string query, string fragment, string label, string text)
    {
        html.Append("<a class=\"").Append(cssClass).Append("\" href=\"");
        Attribute(html, path + query);
        html.Append(fragment).Append("\" aria-label=\"").Append(label).Append("\">").Append(text).Append("</a>");
    }

    /// <summary>Appends text content, escaping &amp; &lt; &gt; (and quotes, so it is also safe in attributes).</summary>
    public static void Text(StringBuilder html, string value) => Attribute(html, value);

    /// <summary>Appends an attribute value (double-quoted), escaping &amp; &lt; &gt; " and '.</summary>
    public static void Attribute(StringBuilder html, string value)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(value);
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escaped = value[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (escaped is not null)
            {
                html.Append(value, start, i - start).Append(escaped);
                start = i + 1;
            }
        }

        html.Append(value, start, value.Length - start);
    }
}
