using ForumApp.Core.Accounts;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The site for essay writing: an author and a commenter account, and the posting limits off (the tests post and
/// revise several times in a few seconds).
/// </summary>
public sealed class EssaySite : ForumSite
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["Posting:PerAccountInterval"] = "00:00:00",
        ["Posting:NewAccountInterval"] = "00:00:00",
        ["Posting:PerIpInterval"] = "00:00:00",
    };

    /// <summary>An author (may publish essays).</summary>
    public TestAccount Author { get; private set; } = null!;

    /// <summary>A commenter (may reply, may not publish).</summary>
    public TestAccount Commenter { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Settings => s_settings;

    protected override async Task ArrangeAsync()
    {
        Author = await Data.UserAsync("essayist", ForumRoles.Author, "에세이 작가");
        Commenter = await Data.UserAsync("debater", ForumRoles.Commenter, "토론 참가자");
    }
}
