namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The site for the composer's drafts: the default posting limits per account (a new account posts once per 30 s),
/// so a quick second post is refused as it would be for a real newcomer; the per-address limit is off, because every
/// test's browser posts from 127.0.0.1.
/// </summary>
public sealed class DraftSite : ForumSite
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["Posting:PerIpInterval"] = "00:00:00",
    };

    protected override IReadOnlyDictionary<string, string> Settings => s_settings;
}
