namespace ForumApp.Core;

/// <summary>How a request to change something ended. Expected refusals are outcomes, never exceptions.</summary>
public enum OutcomeKind
{
    /// <summary>It happened.</summary>
    Ok,

    /// <summary>The request itself is wrong (empty text, unknown ids, a note too long): 400.</summary>
    Invalid,

    /// <summary>What it names does not exist (or is not visible to the actor): 404.</summary>
    NotFound,

    /// <summary>The actor may not do this: 403.</summary>
    Forbidden,

    /// <summary>The current state does not allow it, or someone else changed it first: 409.</summary>
    Conflict,

    /// <summary>Too soon after the last time: 429 (see <see cref="Outcome.RetryAfter"/>).</summary>
    TooManyRequests,
}

/// <summary>
/// The result of a write, for every service: a kind, a Korean message for the person (the UI shows it, the API uses it
/// as the problem's title) and a problem type that tells refusals of the same kind apart. The web host maps every
/// outcome to problem+json in one place.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">Why it was refused, in Korean ("" on success).</param>
/// <param name="ProblemType">A short name of the refusal ("near-duplicate-comment"), or null for the kind's default.</param>
public abstract record Outcome(OutcomeKind Kind, string Message, string? ProblemType = null)
{
    /// <summary>True when the write happened.</summary>
    public bool Succeeded => Kind == OutcomeKind.Ok;

    /// <summary>A sentence for API clients on what to do next (problem+json <c>detail</c>), or null.</summary>
    public string? Detail { get; init; }

    /// <summary>When a refused request (<see cref="OutcomeKind.TooManyRequests"/>) will be accepted.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Machine-readable details a client needs to act on the refusal (problem+json extension members).</summary>
    public virtual IReadOnlyDictionary<string, object?> Details => EmptyDetails;

    private static readonly Dictionary<string, object?> EmptyDetails = [];
}

/// <summary>An outcome that carries nothing but its kind and message, or the id of what it made.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">Why it was refused ("" on success).</param>
/// <param name="Id">The id of what was made or changed (a merge, a flag) or a count, on success.</param>
/// <param name="ProblemType">A short name of the refusal, or null.</param>
public sealed record SimpleOutcome(OutcomeKind Kind, string Message, int? Id = null, string? ProblemType = null) : Outcome(Kind, Message, ProblemType)
{
    /// <summary>Success, with the id of what was made.</summary>
    public static SimpleOutcome Ok(int? id = null) => new(OutcomeKind.Ok, "", id);

    /// <summary>A refusal.</summary>
    public static SimpleOutcome Refuse(OutcomeKind kind, string message, string? problemType = null) => new(kind, message, null, problemType);
}
