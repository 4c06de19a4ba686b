using ForumApp.Core.Comments;

namespace ForumApp.Core.Moderation;

/// <summary>The parts of a comment a merge changes.</summary>
/// <param name="Id">The comment.</param>
/// <param name="ParentId">The comment it answers, or null.</param>
/// <param name="Status">Visible, merged or deleted.</param>
/// <param name="MergedIntoId">The comment it was folded into, when merged.</param>
public sealed record CommentState(int Id, int? ParentId, CommentStatus Status, int? MergedIntoId);

/// <summary>One comment a merge touches: its state before and after.</summary>
/// <param name="Role">A duplicate folded away, or a reply moved under the canonical.</param>
/// <param name="Before">The state before the merge (restored by unmerge).</param>
/// <param name="After">The state the merge leaves.</param>
public sealed record MergeChange(MergeMemberRole Role, CommentState Before, CommentState After);

/// <summary>A merge that cannot be done or undone; the message says why, for a moderator.</summary>
public sealed class MergeRefusedException : Exception
{
    /// <summary>A refused merge, without details.</summary>
    public MergeRefusedException()
    {
    }

    /// <summary>A refused merge, with the reason for a moderator.</summary>
    public MergeRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>A refused merge, with the reason and the cause.</summary>
    public MergeRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The rules of merging duplicates, on plain states so they can be checked exhaustively:
/// duplicates become tombstones pointing at the canonical comment, their replies move under the canonical,
/// and every change records the state before so <see cref="Undo"/> restores it exactly.
/// </summary>
public static class MergeOperation
{
    /// <summary>Plans merging <paramref name="memberIds"/> into <paramref name="canonicalId"/>.</summary>
    /// <param name="comments">Every comment of the essay, by id.</param>
    /// <param name="canonicalId">The comment to keep.</param>
    /// <param name="memberIds">The duplicates to fold into it.</param>
    /// <returns>Every change, duplicates first, then moved replies.</returns>
    /// <exception cref="MergeRefusedException">When the merge would lose or corrupt something.</exception>
    public static IReadOnlyList<MergeChange> Plan(IReadOnlyDictionary<int, CommentState> comments, int canonicalId, IReadOnlyCollection<int> memberIds)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(memberIds);
        if (!comments.TryGetValue(canonicalId, out var canonical))
        {
            throw new MergeRefusedException($"남길 댓글 #{canonicalId}이(가) 이 에세이에 없습니다.");
        }

        if (canonical.Status != CommentStatus.Visible)
        {
            throw new MergeRefusedException($"남길 댓글 #{canonicalId}은(는) 보이는 댓글이어야 합니다.");
        }

        var members = memberIds.Distinct().ToList();
        if (members.Count == 0)
        {
            throw new MergeRefusedException("합칠 댓글을 하나 이상 고르세요.");
        }

        if (members.Contains(canonicalId))
        {
            throw new MergeRefusedException($"댓글 #{canonicalId}을(를) 자기 자신에게 합칠 수 없습니다.");
        }

        foreach (var id in members)
        {
            if (!comments.TryGetValue(id, out var member))
            {
                throw new MergeRefusedException($"합칠 댓글 #{id}이(가) 이 에세이에 없습니다.");
            }

            if (member.Status != CommentStatus.Visible)
            {
                // Two whole sentences (not one with a word swapped in): the web edge looks each up as a key to localize it.
                throw new MergeRefusedException(member.Status == CommentStatus.Merged
                    ? $"댓글 #{id}은(는) 이미 합쳐졌습니다."
                    : $"댓글 #{id}은(는) 이미 삭제되었습니다.");
            }
        }

        // The canonical must not sit inside a member's subtree: moving that member's replies would move it under itself.
        var memberSet = members.ToHashSet();
        var seen = new HashSet<int>();
        for (var p = canonical.ParentId; p is int parent && seen.Add(parent) && comments.TryGetValue(parent, out var ancestor); p = ancestor.ParentId)
        {
            if (memberSet.Contains(parent))
            {
                throw new MergeRefusedException($"남길 댓글 #{canonicalId}이(가) 합칠 댓글 #{parent}의 답글입니다. 답글이 아닌 쪽을 남기세요.");
            }
        }

        var changes = new List<MergeChange>();
        foreach (var id in members.Order())
        {
            var before = comments[id];
            changes.Add(new MergeChange(MergeMemberRole.Duplicate, before, before with { Status = CommentStatus.Merged, MergedIntoId = canonicalId }));
        }

        foreach (var reply in comments.Values.Where(c => c.ParentId is int p && memberSet.Contains(p) && !memberSet.Contains(c.Id)).OrderBy(c => c.Id))
        {
            changes.Add(new MergeChange(MergeMemberRole.MovedReply, reply, reply with { ParentId = canonicalId }));
        }

        return changes;
    }

    /// <summary>Applies planned changes to a copy of <paramref name="comments"/>.</summary>
    public static Dictionary<int, CommentState> Apply(IReadOnlyDictionary<int, CommentState> comments, IEnumerable<MergeChange> changes)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(changes);
        var result = new Dictionary<int, CommentState>(comments);
        foreach (var change in changes)
        {
            result[change.After.Id] = change.After;
        }

        return result;
    }

    /// <summary>
    /// Restores every comment a merge touched to its state before the merge. Refused when something changed a
    /// touched comment since (a later merge, a delete): that change must be undone first, or the tree would break.
    /// </summary>
    public static Dictionary<int, CommentState> Undo(IReadOnlyDictionary<int, CommentState> comments, IEnumerable<MergeChange> changes)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(changes);
        var list = changes.ToList();
        foreach (var change in list)
        {
            if (!comments.TryGetValue(change.After.Id, out var now) || now != change.After)
            {
                throw new MergeRefusedException($"댓글 #{change.After.Id}이(가) 병합 뒤에 바뀌었습니다. 그 뒤의 작업을 먼저 되돌리세요.");
            }
        }

        var result = new Dictionary<int, CommentState>(comments);
        foreach (var change in list)
        {
            result[change.Before.Id] = change.Before;
        }

        return result;
    }
}
