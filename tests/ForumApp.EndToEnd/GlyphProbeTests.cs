using ForumApp.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace ForumApp.EndToEnd;

/// <summary>
/// The Korean-glyph check must be able to fail: here Chromium sees only the DejaVu fonts (no Hangul), through a
/// fontconfig file of its own, and the probe has to report boxes. Without this a broken probe would pass forever.
/// </summary>
public sealed class GlyphProbeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Glyph_probe_reports_boxes_when_no_font_covers_Hangul()
    {
        var folder = Directory.CreateTempSubdirectory("forum-e2e-fonts-");
        try
        {
            var config = Path.Combine(folder.FullName, "fonts.conf");
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0"?>
                <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
                <fontconfig>
                  <dir>/usr/share/fonts/truetype/dejavu</dir>
                  <cachedir>/var/cache/fontconfig</cachedir>
                  <cachedir>{folder.FullName}/cache</cachedir>
                </fontconfig>
                """);
            Assert.True(Directory.Exists("/usr/share/fonts/truetype/dejavu"), "fonts-dejavu-core is needed for this control test");
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
            environment["FONTCONFIG_FILE"] = config;

            var (playwright, browser) = await Chromium.LaunchAsync(environment);
            try
            {
                var page = await browser.NewPageAsync();
                await page.SetContentAsync("""<p lang="ko" style="font-family: sans-serif">한국어</p>""");

                var probe = await KoreanGlyphs.ProbeAsync(page, "p");

                output.WriteLine(probe.ToString());
                Assert.False(probe.HasRealGlyphs, $"the probe saw real Hangul glyphs with no CJK font available: {probe}");
            }
            finally
            {
                await browser.DisposeAsync();
                playwright.Dispose();
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
