using ForumApp.Core.Essays;

namespace ForumApp.Core.Comments;

/// <summary>A paragraph of the essay and how many visible replies are anchored to it.</summary>
/// <param name="ParagraphId">The paragraph's stable id.</param>
/// <param name="Number">Its 1-based place in the current revision ("2문단").</param>
/// <param name="Excerpt">The start of its text.</param>
/// <param name="ReplyCount">Visible replies anchored to it.</param>
public sealed record ParagraphActivity(int ParagraphId, int Number, string Excerpt, int ReplyCount);

/// <summary>
/// The shape of a debate, shown at the top of a discussion: how many replies take each stance, which paragraphs draw
/// the most replies, and which threads run longest. Only visible comments count.
/// </summary>
/// <param name="Stances">Visible replies per stance.</param>
/// <param name="Paragraphs">Every paragraph of the current revision with its reply count, in reading order.</param>
/// <param name="MostDiscussed">The paragraphs with the most replies (at least one), most first.</param>
/// <param name="BusiestThreads">The threads with the most replies (at least one), most first.</param>
public sealed record DebateSummary(
    StanceCounts Stances,
    IReadOnlyList<ParagraphActivity> Paragraphs,
    IReadOnlyList<ParagraphActivity> MostDiscussed,
    IReadOnlyList<CommentNode> BusiestThreads)
{
    /// <summary>How many paragraphs and threads the summary names.</summary>
    public const int TopCount = 3;

    /// <summary>Replies anchored to paragraph <paramref name="paragraphId"/>.</summary>
    public int RepliesTo(int paragraphId) => Paragraphs.FirstOrDefault(p => p.ParagraphId == paragraphId)?.ReplyCount ?? 0;

    /// <summary>Builds the summary from every comment of the essay, its reader forest and its current paragraphs.</summary>
    public static DebateSummary Build(IReadOnlyList<Comment> comments, IReadOnlyList<CommentNode> forest, IReadOnlyList<EssayParagraph> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(forest);
        ArgumentNullException.ThrowIfNull(paragraphs);
        var visible = comments.Where(c => c.Status == CommentStatus.Visible).ToList();
        var perParagraph = visible.Where(c => c.ParagraphId is not null).GroupBy(c => c.ParagraphId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var activity = paragraphs.OrderBy(p => p.Position)
            .Select((p, i) => new ParagraphActivity(p.ParagraphId, i + 1, Excerpt(p.Markdown), perParagraph.GetValueOrDefault(p.ParagraphId)))
            .ToList();
        return new DebateSummary(
            StanceCounts.Count(visible.Select(c => c.Stance)),
            activity,
            [.. activity.Where(p => p.ReplyCount > 0).OrderByDescending(p => p.ReplyCount).ThenBy(p => p.Number).Take(TopCount)],
            [.. forest.Where(n => n.DescendantCount > 0).OrderByDescending(n => n.DescendantCount).ThenBy(n => n.Comment.CreatedAt).ThenBy(n => n.Comment.Id).Take(TopCount)]);
    }

    /// <summary>
    /// The replies a filter asks for, each with its own replies under it, as a forest whose roots start at depth 0:
    /// a matching comment inside the subtree of another matching comment stays in that subtree.
    /// </summary>
    public static IReadOnlyList<CommentNode> Filter(IReadOnlyList<CommentNode> forest, Func<Comment, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(forest);
        ArgumentNullException.ThrowIfNull(matches);
        var roots = new List<CommentNode>();
        var stack = new Stack<CommentNode>(forest.Reverse());
        while (stack.TryPop(out var node))
        {
            if (node.Comment.Status == CommentStatus.Visible && matches(node.Comment))
            {
                roots.Add(Rebase(node, 0));
                continue;
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }

        return roots;
    }

    /// <summary>The start of a paragraph's text for lists: at most 60 characters, one line.</summary>
    public static string Excerpt(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var line = string.Join(' ', markdown.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimStart('#', '>', ' ', '-', '*');
        return line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 60), "…");
    }

    private static CommentNode Rebase(CommentNode node, int depth) =>
        node.Depth == depth ? node : node with { Depth = depth, Children = [.. node.Children.Select(c => Rebase(c, depth + 1))] };
}
