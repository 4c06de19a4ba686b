namespace ForumApp.Web;

/// <summary>Finds the seed threads: <c>Seed:Folder</c> when set, else the nearest <c>seeds/</c> above the content root.</summary>
public static class SeedFolder
{
    /// <summary>The folder to import on first start (it may not exist).</summary>
    public static string Find(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["Seed:Folder"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seeds");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(contentRoot, "seeds");
    }
}
