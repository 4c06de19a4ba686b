using Microsoft.Playwright;

namespace ForumApp.EndToEnd.Infrastructure;

/// <summary>What <see cref="KoreanGlyphs.ProbeAsync"/> saw (settable: Playwright fills it from the script's result).</summary>
public sealed record GlyphProbe
{
    /// <summary>The CSS font the probe drew with (the element's own).</summary>
    public string Font { get; init; } = "";

    /// <summary>How many Hangul syllables were drawn.</summary>
    public int Characters { get; init; }

    /// <summary>How many different pictures they made.</summary>
    public int DistinctImages { get; init; }

    /// <summary>How many drew nothing at all.</summary>
    public int BlankImages { get; init; }

    /// <summary>Every syllable drew ink, and no two drew the same picture.</summary>
    public bool HasRealGlyphs => Characters > 0 && DistinctImages == Characters && BlankImages == 0;
}

/// <summary>
/// Checks that Hangul renders as real glyphs. `document.fonts.check()` cannot tell: it answers true for a font
/// that is not installed at all. Without a font that covers Hangul every syllable becomes the same empty box
/// (tofu), so the probe draws a few different syllables in the element's own font and counts distinct pictures.
/// </summary>
public static class KoreanGlyphs
{
    private const string Script = """
        (element) => {
            const style = getComputedStyle(element);
            const font = `${style.fontStyle} ${style.fontWeight} 32px ${style.fontFamily}`;
            const canvas = document.createElement('canvas');
            canvas.width = 48;
            canvas.height = 48;
            const ctx = canvas.getContext('2d', { willReadFrequently: true });
            const draw = (ch) => {
                ctx.clearRect(0, 0, 48, 48);
                ctx.font = font;
                ctx.fillStyle = '#000';
                ctx.textBaseline = 'top';
                ctx.fillText(ch, 4, 4);
                const alpha = ctx.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3);
                return Array.from(alpha).join(',');
            };
            const syllables = ['가', '한', '글', '민', '주', '화'];
            const images = syllables.map(draw);
            return {
                font,
                characters: syllables.length,
                distinctImages: new Set(images).size,
                blankImages: images.filter(i => !/[1-9]/.test(i)).length,
            };
        }
        """;

    /// <summary>Draws Hangul in the font of the first element matching <paramref name="selector"/>.</summary>
    public static async Task<GlyphProbe> ProbeAsync(IPage page, string selector)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.Locator(selector).First.EvaluateAsync<GlyphProbe>(Script);
    }
}
