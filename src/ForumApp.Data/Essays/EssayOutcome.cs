using ForumApp.Core;
using ForumApp.Core.Essays;

namespace ForumApp.Data.Essays;

/// <summary>What an essay is saved from: its title, Markdown and tags. On an update, a null field keeps what the essay has.</summary>
/// <param name="Title">The title (at most 200 characters).</param>
/// <param name="BodyMarkdown">The text in Markdown (at most 200,000 characters).</param>
/// <param name="Tags">Topic labels (at most 5).</param>
public sealed record EssayInput(string? Title, string? BodyMarkdown, IReadOnlyList<string>? Tags = null);

/// <summary>A published essay that an essay about to be published overlaps, as the warning shows it.</summary>
/// <param name="EssayId">The published essay.</param>
/// <param name="Title">Its title.</param>
/// <param name="Path">Its page.</param>
/// <param name="Kind">"duplicate" (mostly its text) or "contains" (contains most of it).</param>
/// <param name="Score">The share of text found in both.</param>
public sealed record EssayOverlapView(int EssayId, string Title, string Path, string Kind, double Score);

/// <summary>The result of an essay write, with a Korean message for the editor and the API's problem title.</summary>
public sealed record EssayOutcome(OutcomeKind Kind, string Message, string? ProblemType = null) : Outcome(Kind, Message, ProblemType)
{
    /// <summary>The essay written (on success).</summary>
    public Essay? Essay { get; init; }

    /// <summary>The essay's tags after the write.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The rule that failed, for <see cref="ProblemTypes.InvalidEssay"/>.</summary>
    public EssayProblem? Rule { get; init; }

    /// <summary>Published essays this one duplicates or contains: the warning before publishing, the queued pairs after.</summary>
    public IReadOnlyList<EssayOverlapView> Overlaps { get; init; } = [];

    /// <summary>True when the write made a new revision.</summary>
    public bool RevisionCreated { get; init; }

    /// <summary>True for the duplicate warning (the author may confirm and publish anyway).</summary>
    public bool IsDuplicateWarning => ProblemType == ProblemTypes.DuplicateEssay;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Details => ProblemType switch
    {
        ProblemTypes.InvalidEssay => new Dictionary<string, object?> { ["rule"] = Rule?.ToString() },
        ProblemTypes.DuplicateEssay => new Dictionary<string, object?> { ["overlaps"] = Overlaps },
        _ => base.Details,
    };

    internal static EssayOutcome Ok(Essay essay, IReadOnlyList<string> tags) => new(OutcomeKind.Ok, "") { Essay = essay, Tags = tags };

    internal static EssayOutcome Invalid(EssayProblem problem) =>
        new(OutcomeKind.Invalid, EssayRules.Message(problem), ProblemTypes.InvalidEssay) { Rule = problem };

    internal static EssayOutcome NotFound() => new(OutcomeKind.NotFound, "에세이를 찾을 수 없습니다.");

    internal static EssayOutcome From(SimpleOutcome refusal) => new(refusal.Kind, refusal.Message, refusal.ProblemType);

    internal static EssayOutcome State(string message) => new(OutcomeKind.Conflict, message, ProblemTypes.EssayState);
}
