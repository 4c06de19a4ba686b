using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using ForumApp.Web.Cli;
using ForumApp.Web.Tests.Commenting;

namespace ForumApp.Web.Tests.Security;

/// <summary>
/// Issue 14: generated Markdown (deep nesting, attack pieces, random text) through the comment API, and random files
/// through the import verb: never a 500, and a refusal stores nothing.
/// </summary>
public sealed class CommentFuzzTests(CommentingAppFactory app) : IClassFixture<CommentingAppFactory>
{
    private static readonly Gen<string> Piece = Gen.OneOf<string>(
        "> ", "- ", "1. ", "*", "**", "_", "~~", "`", "[", "](u)", "](javascript:alert(1))", "![", "<script>", "&#x3C;", "|", "\n", "\n\n", "\r\n",
        "가나다", "text", " ", "\u200B", "\u3000", "😀", "\t");

    private static readonly Gen<string> Bodies = Gen.OneOf(
        Piece.Array[1, 500].Select(string.Concat),
        Gen.Select(Piece, Gen.Int[1, 6000], (p, n) => string.Concat(Enumerable.Repeat(p, n)) + "x"),
        Gen.String[1, 500]);

    [Fact]
    public async Task Generated_bodies_are_stored_exactly_or_refused_with_nothing_stored_and_never_a_500()
    {
        var user = await app.CreateUserAsync("fuzzer-" + Guid.NewGuid().ToString("N")[..8]);
        var client = app.Client(user.Token);
        var essay = await app.CreateEssayAsync();
        var statuses = new Dictionary<int, int>();

        await Bodies.SampleAsync(async body =>
        {
            var before = await CommentCountAsync(essay);
            var response = await client.PostAsJsonAsync($"/api/essays/{essay}/comments?force=true", new { body });
            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;

            Assert.True(code is 201 or 400 or 409, $"{code} for {Shorten(body)}: {await response.Content.ReadAsStringAsync()}");
            if (code == 201)
            {
                var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                var expected = body.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
                Assert.Equal(expected, json.GetProperty("bodyMarkdown").GetString());
                Assert.DoesNotContain("<script", json.GetProperty("bodyHtml").GetString()!, StringComparison.OrdinalIgnoreCase);
                Assert.Equal(before + 1, await CommentCountAsync(essay));
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(before, await CommentCountAsync(essay));
            }
        }, iter: 120, threads: 1);

        // Both sides were exercised (a run of 80 once drew only 4-5 refusals: the generator's mix is random).
        Assert.True(statuses.GetValueOrDefault(201) > 5 && statuses.GetValueOrDefault(400) > 3, string.Join(", ", statuses));
    }

    [Fact]
    public async Task Random_files_given_to_the_import_verb_are_imported_or_refused_with_one_line_and_nothing_stored()
    {
        var folder = Directory.CreateTempSubdirectory("forum-import-fuzz-");
        try
        {
            await Gen.Select(Gen.Byte.Array[0, 2000], Gen.Bool).SampleAsync(async sample =>
            {
                var (bytes, dated) = sample;
                var path = Path.Combine(folder.FullName, Guid.NewGuid().ToString("N") + ".txt");
                await File.WriteAllBytesAsync(path, dated ? [.. "2022/12/06\n"u8, .. bytes] : bytes);
                var before = await EssayCountAsync();
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();

                var code = await ForumCli.RunAsync(["import", path, $"--ConnectionStrings:Forum={app.ConnectionString}"], stdout, stderr, new StringReader(""));

                Assert.True(code is 0 or 1, $"exit {code}: {stderr}");
                Assert.Equal(code == 0 ? before + 1 : before, await EssayCountAsync());
                if (code == 1)
                {
                    Assert.Single(stderr.ToString().Trim().Split('\n'));
                }
            }, iter: 25, threads: 1);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<int> CommentCountAsync(int essay) =>
        (await app.Client().GetFromJsonAsync<JsonElement>($"/api/essays/{essay}")).GetProperty("commentCount").GetInt32();

    private async Task<int> EssayCountAsync()
    {
        var response = await app.Client().GetAsync(new Uri("/api/essays?pageSize=1", UriKind.Relative));
        return int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
