namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>
/// Paths the end-to-end tests need, from the variables scripts/test.sh exports or from the repository layout.
/// A missing tool throws with a message that says how to get it: these tests fail, they never skip.
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The folder holding ForumApp.sln.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The seed thread files imported on first start.</summary>
    public static string SeedFolder => Path.Combine(RepoRoot, "seeds");

    /// <summary>Chromium from Debian (FORUM_TEST_CHROMIUM when set); Playwright's own browser download is never used.</summary>
    public static string ChromiumPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("FORUM_TEST_CHROMIUM") is { Length: > 0 } configured
                ? configured
                : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"Chromium not found at {path}. Install it with `apt-get install -y chromium fonts-noto-cjk` " +
                    "(scripts/test.sh does this) or set FORUM_TEST_CHROMIUM.");
        }
    }

    /// <summary>axe-core's browser bundle from tests/node_modules (FORUM_TEST_NODE_MODULES when set).</summary>
    public static string AxeScriptPath
    {
        get
        {
            var nodeModules = Environment.GetEnvironmentVariable("FORUM_TEST_NODE_MODULES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(RepoRoot, "tests", "node_modules");
            var path = Path.Combine(nodeModules, "axe-core", "axe.min.js");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"axe-core not found at {path}. Run `cd tests && npm ci --ignore-scripts` (scripts/test.sh does this) " +
                    "or set FORUM_TEST_NODE_MODULES.");
        }
    }

    /// <summary>Where screenshots go (FORUM_TEST_ARTIFACTS, else tests/artifacts); created when missing.</summary>
    public static string ArtifactsFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("FORUM_TEST_ARTIFACTS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(RepoRoot, "tests", "artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForumApp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ForumApp.sln not found above {AppContext.BaseDirectory}.");
    }
}
