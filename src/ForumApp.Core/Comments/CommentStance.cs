namespace ForumApp.Core.Comments;

/// <summary>Where a reply stands towards what it answers; optional.</summary>
public enum CommentStance
{
    /// <summary>찬성.</summary>
    Agree,

    /// <summary>반대.</summary>
    Disagree,

    /// <summary>질문.</summary>
    Question,

    /// <summary>보충.</summary>
    Addition,
}

/// <summary>Names of stances in addresses and the API, and their Korean labels.</summary>
public static class CommentStances
{
    /// <summary>Every stance, in the order the summary shows them.</summary>
    public static IReadOnlyList<CommentStance> All { get; } = [CommentStance.Agree, CommentStance.Disagree, CommentStance.Question, CommentStance.Addition];

    /// <summary>"agree", "disagree", "question" or "addition".</summary>
    public static string Name(CommentStance stance) => stance switch
    {
        CommentStance.Agree => "agree",
        CommentStance.Disagree => "disagree",
        CommentStance.Question => "question",
        CommentStance.Addition => "addition",
        _ => throw new ArgumentOutOfRangeException(nameof(stance)),
    };

    /// <summary>찬성, 반대, 질문 or 보충.</summary>
    public static string Label(CommentStance stance) => stance switch
    {
        CommentStance.Agree => "찬성",
        CommentStance.Disagree => "반대",
        CommentStance.Question => "질문",
        CommentStance.Addition => "보충",
        _ => throw new ArgumentOutOfRangeException(nameof(stance)),
    };

    /// <summary>The stance named <paramref name="name"/> (case-insensitive), or null for an unknown name.</summary>
    public static CommentStance? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "agree" => CommentStance.Agree,
        "disagree" => CommentStance.Disagree,
        "question" => CommentStance.Question,
        "addition" => CommentStance.Addition,
        _ => null,
    };
}

/// <summary>How many visible replies take each stance.</summary>
/// <param name="Agree">찬성.</param>
/// <param name="Disagree">반대.</param>
/// <param name="Question">질문.</param>
/// <param name="Addition">보충.</param>
public sealed record StanceCounts(int Agree, int Disagree, int Question, int Addition)
{
    /// <summary>No stance at all.</summary>
    public static StanceCounts None { get; } = new(0, 0, 0, 0);

    /// <summary>Replies with any stance.</summary>
    public int Total => Agree + Disagree + Question + Addition;

    /// <summary>The count of one stance.</summary>
    public int Of(CommentStance stance) => stance switch
    {
        CommentStance.Agree => Agree,
        CommentStance.Disagree => Disagree,
        CommentStance.Question => Question,
        CommentStance.Addition => Addition,
        _ => 0,
    };

    /// <summary>Counts the stances of <paramref name="stances"/> (nulls are replies without one).</summary>
    public static StanceCounts Count(IEnumerable<CommentStance?> stances)
    {
        ArgumentNullException.ThrowIfNull(stances);
        int a = 0, d = 0, q = 0, x = 0;
        foreach (var s in stances)
        {
            switch (s)
            {
                case CommentStance.Agree: a++; break;
                case CommentStance.Disagree: d++; break;
                case CommentStance.Question: q++; break;
                case CommentStance.Addition: x++; break;
                default: break;
            }
        }

        return new StanceCounts(a, d, q, x);
    }
}
