namespace ForumApp.Web;

/// <summary>
/// Where the app's appsettings.json and data/ folder live: the project folder under <c>dotnet run</c>
/// (wherever it is started from), the publish folder otherwise.
/// </summary>
public static class ContentRoot
{
    /// <summary>Null when the current folder is the content root (the host's default), else <see cref="Find"/>.</summary>
    public static string? FindWhenStartedElsewhere() =>
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? null : Find();

    /// <summary>The current folder when it holds appsettings.json, else the folder of the executable's project or build output.</summary>
    public static string Find()
    {
        var cwd = Directory.GetCurrentDirectory();
        if (File.Exists(Path.Combine(cwd, "appsettings.json")))
        {
            return cwd;
        }

        // bin/<Configuration>/net10.0/ under the project folder when started by dotnet run from elsewhere.
        var baseDir = AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(baseDir); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForumApp.Web.csproj")))
            {
                return dir.FullName;
            }
        }

        return baseDir;
    }
}
