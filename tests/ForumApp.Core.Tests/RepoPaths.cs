namespace ForumApp.Core.Tests;

internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ForumApp.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("ForumApp.sln not found above the test output.");
        }
    }

    public static string SeedThread => Path.Combine(Root, "seeds", "000_f3b697f56e84bfc6.txt");
}
