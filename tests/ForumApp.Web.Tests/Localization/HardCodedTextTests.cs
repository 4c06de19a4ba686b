namespace ForumApp.Web.Tests.Localization;

/// <summary>
/// No UI text is written into a component as a bare literal: every Korean text of a .razor file (markup, attributes,
/// C# in @code) and of the C# beside the components (the comment tree writer, labels) goes through the localizer.
/// Comments and content are not UI text.
/// </summary>
public sealed class HardCodedTextTests
{
    [Fact]
    public void Components_have_no_Korean_text_outside_the_localizer()
    {
        var found = new List<string>();
        foreach (var file in UiSources.ComponentFiles(".razor", ".cs"))
        {
            var lines = UiSources.WithoutKeys(File.ReadAllText(file)).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (UiSources.Hangul().IsMatch(lines[i]))
                {
                    found.Add($"{Path.GetRelativePath(UiSources.WebFolder, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(found.Count == 0, "Hard-coded UI text (write it as @L[\"…\"] and add its English to UiText.en.resx):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_scan_finds_text_in_markup_attributes_and_code_but_not_in_keys_or_comments()
    {
        const string Razor = """
            @* 주석은 괜찮습니다 *@
            <p>@L["댓글 {0}개", n]</p>
            <a aria-label="닫기">x</a>
            <span>본문</span>
            @code { private string T => "제목"; // 설명 }
            """;
        var lines = UiSources.WithoutKeys(Razor).Split('\n').Where(l => UiSources.Hangul().IsMatch(l)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.Contains("닫기", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("본문", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("제목", StringComparison.Ordinal) && !l.Contains("설명", StringComparison.Ordinal));
    }
}
