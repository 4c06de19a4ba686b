namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// A site whose app runs as a child process (<see cref="ForumProcess"/>) that tests stop and start again on the same
/// address and database: a server restart, a deploy or a crash under an open page. Accounts only through
/// <see cref="ForumSite.Data"/> (see <see cref="ForumProcess"/>). The posting limits are off, as on the
/// <see cref="CommenterSite"/>.
/// </summary>
public sealed class ProcessSite : ForumSite
{
    private static readonly Dictionary<string, string> s_settings = new(StringComparer.Ordinal)
    {
        ["Posting:PerAccountInterval"] = "00:00:00",
        ["Posting:NewAccountInterval"] = "00:00:00",
        ["Posting:PerIpInterval"] = "00:00:00",
    };

    /// <summary>The app process.</summary>
    public ForumProcess Process => (ForumProcess)Server;

    protected override IReadOnlyDictionary<string, string> Settings => s_settings;

    protected override async Task<IForumServer> StartServerAsync(IReadOnlyDictionary<string, string> settings) =>
        await ForumProcess.StartAsync(settings);
}
