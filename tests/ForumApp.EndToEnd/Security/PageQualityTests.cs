using System.Diagnostics;
using System.Text.Json;
using ForumApp.EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ForumApp.EndToEnd.Security;

/// <summary>
/// Issue 14: every page type, filled with the hostile site's text, is valid HTML for the Nu HTML Checker (vnu-jar from
/// npm on Debian's Java: 0 errors) and has no serious or critical axe-core finding. The HTML checked is what the server
/// sent, plus the composer's live DOM (the preview is built in the browser).
/// </summary>
[Collection(HostileSiteGroup.Name)]
public sealed class PageQualityTests(HostileSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_type_passes_the_Nu_HTML_Checker_and_axe()
    {
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("forum-vnu-");
        var axe = new List<string>();
        try
        {
            // Who sees what: a reader, a commenter (composer, flag form, tokens), a moderator (queue, audit, scan).
            var reader = new (string Name, string Path)[]
            {
                ("home", "/"), ("essay", site.EssayPath), ("permalink", $"{site.EssayPath}/comments/{site.RootId}"),
                ("history", $"/comments/{site.HistoryId}/history"), ("flag-anonymous", $"/comments/{site.ComposedId}/flag"),
                ("search", "/search?q=script"), ("search-refused", "/search?q=%3F%3F"),
                ("login", "/account/login"), ("register", "/account/register"), ("not-found", "/essays/999999/none"),
                ("forbidden", "/moderation"),
            };
            var writer = new (string Name, string Path)[]
            {
                ("essay-signed-in", site.EssayPath), ("flag", $"/comments/{site.ComposedId}/flag"), ("profile", "/account/profile"),
                ("tokens", "/account/tokens"), ("composer-reply", $"{site.EssayPath}?reply={site.RootId}#composer"),
                ("composer-edit", $"{site.EssayPath}?edit={site.HistoryId}#composer"), ("composer-delete", $"{site.EssayPath}?delete={site.HistoryId}#composer"),
            };
            var moderator = new (string Name, string Path)[]
            {
                ("moderation", "/moderation"), ("audit", "/moderation/audit"), ("scan", "/moderation/scan"),
            };

            foreach (var (account, pages) in new[] { ((TestAccount?)null, reader), (site.Writer, writer), (site.Moderator, moderator) })
            {
                // axe is injected as an inline script: these pages are opened with the policy bypassed (axe inspects markup, not policy).
                var (page, _) = await site.WatchedPageAsync(bypassCsp: true, account);
                foreach (var (name, path) in pages)
                {
                    var response = await page.GotoAsync(path);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    await File.WriteAllTextAsync(Path.Combine(folder.FullName, name + ".html"), await response!.TextAsync());
                    if (name == "composer-reply")
                    {
                        await Composer.TypeAsync(page, HostileSite.AllVectors, XssVectors.Marker(XssVectors.All.Count));
                        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "composer-preview-dom.html"), await page.ContentAsync());
                    }

                    axe.AddRange(await Axe.SeriousViolationsAsync(page, name));
                }

                await page.Context.CloseAsync();
            }

            var errors = await NuErrorsAsync(folder.FullName);
            output.WriteLine($"{Directory.GetFiles(folder.FullName).Length} documents: {errors.Count} Nu errors, {axe.Count} serious/critical axe findings, {clock.Elapsed.TotalSeconds:F0} s");
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            Assert.True(axe.Count == 0, string.Join("\n", axe));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // One JVM for every document: the checker starts in seconds, checks in milliseconds.
    private static async Task<List<string>> NuErrorsAsync(string folder)
    {
        var java = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Two framework behaviours are filtered out (docs/security.md): Blazor's scoped CSS marks elements with attributes
        // like b-can3mx0jt7, and its prerendered event modifiers write __internal_preventdefault_onsubmit; HTML defines
        // neither. Anything else is an error.
        foreach (var arg in new[] { "-jar", TestEnvironment.VnuJarPath, "--format", "json", "--errors-only", "--stdout",
                     "--filterpattern", ".*Attribute “(b-[a-z0-9]{10}|__internal_[a-z_]+)” not allowed on element.*" }.Concat(Directory.GetFiles(folder).Order()))
        {
            java.ArgumentList.Add(arg);
        }

        using var process = Process.Start(java) ?? throw new InvalidOperationException("java did not start: scripts/test.sh installs default-jre-headless");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var report = JsonDocument.Parse(await stdout is { Length: > 0 } json ? json : await stderr);
        return [.. report.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() == "error")
            .Select(m => $"{Path.GetFileName(m.TryGetProperty("url", out var u) ? u.GetString() : "?")}:{(m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0)}: {m.GetProperty("message").GetString()}")];
    }
}
