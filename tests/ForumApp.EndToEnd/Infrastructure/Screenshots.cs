using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>Screenshots saved to the artifacts folder (tests/artifacts, or FORUM_TEST_ARTIFACTS).</summary>
public static class Screenshots
{
    /// <summary>Saves the page (the whole page when <paramref name="fullPage"/>) as <paramref name="name"/>, replacing an older file.</summary>
    public static async Task<FileInfo> SaveAsync(IPage page, string name, bool fullPage = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(TestEnvironment.ArtifactsFolder, name);
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        var file = new FileInfo(path);
        Assert.True(file.Exists, $"no screenshot at {path}");
        return file;
    }
}
