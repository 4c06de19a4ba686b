using System.Diagnostics;
using System.Text.Json;
using ForumApp.Web.Tests.Commenting;
using Xunit.Abstractions;

namespace ForumApp.Web.Tests.Security;

/// <summary>Issue 14: the OpenAPI document passes Spectral's OpenAPI rules (npm @stoplight/spectral-cli) with 0 errors.</summary>
public sealed class OpenApiLintTests(CommentingAppFactory app, ITestOutputHelper output) : IClassFixture<CommentingAppFactory>
{
    [Fact]
    public async Task The_OpenAPI_document_has_no_Spectral_errors()
    {
        var document = Path.Combine(Path.GetTempPath(), $"forum-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await app.Client().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        try
        {
            var node = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { TestEnvironment.SpectralPath, "lint", document, "--ruleset", Path.Combine(TestEnvironment.RepoRoot, "tests", "openapi.spectral.yaml"), "--format", "json", "--quiet" })
            {
                node.ArgumentList.Add(arg);
            }

            using var process = Process.Start(node) ?? throw new InvalidOperationException("node did not start: scripts/test.sh installs nodejs");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var text = await stdout;
            Assert.True(text.TrimStart().StartsWith('['), $"Spectral did not report JSON (exit {process.ExitCode}): {text} {await stderr}");

            var results = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
            var errors = results.Where(r => r.GetProperty("severity").GetInt32() == 0).Select(Describe).ToList();
            output.WriteLine($"Spectral: {errors.Count} errors, {results.Count - errors.Count} warnings and hints");
            foreach (var warning in results.Where(r => r.GetProperty("severity").GetInt32() != 0).Select(Describe))
            {
                output.WriteLine(warning);
            }

            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static string Describe(JsonElement r) =>
        $"{r.GetProperty("code").GetString()} at {string.Join('.', r.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {r.GetProperty("message").GetString()}";
}
