using ForumApp.Core.Accounts;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// The site for the people features: an author with a published essay, a commenter and an admin; posting limits off
/// and the bell asking every 5 seconds (the shortest it allows), so a test sees it change without waiting 30.
/// </summary>
public sealed class PeopleSite : ForumSite
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["Posting:PerAccountInterval"] = "00:00:00",
        ["Posting:NewAccountInterval"] = "00:00:00",
        ["Posting:PerIpInterval"] = "00:00:00",
        ["Notifications:BellPollSeconds"] = "5",
    };

    /// <summary>An author with <see cref="Written"/>.</summary>
    public TestAccount Author { get; private set; } = null!;

    /// <summary>A commenter.</summary>
    public TestAccount Commenter { get; private set; } = null!;

    /// <summary>An admin (the role page).</summary>
    public TestAccount Admin { get; private set; } = null!;

    /// <summary>The author's published essay.</summary>
    public TestEssay Written { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Settings => s_settings;

    protected override async Task ArrangeAsync()
    {
        Author = await Data.UserAsync("essayist", ForumRoles.Author, "에세이 작가");
        Commenter = await Data.UserAsync("debater", ForumRoles.Commenter, "토론 참가자");
        Admin = await Data.UserAsync("chief", ForumRoles.Admin, "관리 책임자");
        Written = await Data.WrittenEssayAsync(Author.Id, "알림과 공감의 시험", ["첫째 문단은 주장을 폅니다.", "둘째 문단은 근거를 댑니다."]);
    }
}
