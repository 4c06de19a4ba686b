namespace ForumApp.Web.Api.Reactions;

/// <summary>A target's "공감" after a request: how many people, and whether the caller is one of them.</summary>
/// <param name="ReactionCount">Distinct people (for a comment: over it and the copies merged into it).</param>
/// <param name="Reacted">True when the caller's "공감" is counted.</param>
public sealed record ReactionResource(int ReactionCount, bool Reacted);
