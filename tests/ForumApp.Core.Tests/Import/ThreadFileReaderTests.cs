using System.Text;
using ForumApp.Core.Import;

namespace ForumApp.Core.Tests.Import;

public sealed class ThreadFileReaderTests
{
    private static ThreadFile Read(string text) => ThreadFileReader.Read("t.txt", Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("2022/12/06")]
    [InlineData("2022-12-06")]
    [InlineData("2022.12.06")]
    [InlineData("2022.12.6.")]
    public void Reads_the_date_in_the_ways_Korean_sites_write_it(string dateLine)
    {
        var file = Read($"{dateLine}\n제목\n");

        Assert.Equal(new DateOnly(2022, 12, 6), file.Date);
    }

    [Fact]
    public void Keeps_line_numbers_across_blank_lines_CRLF_and_a_BOM()
    {
        var bytes = "\uFEFF2022/12/06\r\n제목\r\n\r\n   \r\n본문\r\n"u8.ToArray();

        var file = ThreadFileReader.Read("t.txt", bytes);

        Assert.Equal([(2, "제목"), (5, "본문")], file.Lines.Select(l => (l.Number, l.Text)));
    }

    [Fact]
    public void Stores_decomposed_Hangul_as_NFC()
    {
        var nfd = "한국어".Normalize(NormalizationForm.FormD);

        var file = Read($"2022/12/06\n{nfd}\n");

        Assert.Equal("한국어", file.Lines[0].Text);
    }

    [Fact]
    public void A_date_that_does_not_exist_is_refused()
    {
        var error = Assert.Throws<ThreadFileException>(() => Read("2022/02/30\n제목\n"));

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_file_with_only_a_date_is_refused_naming_the_missing_line()
    {
        var error = Assert.Throws<ThreadFileException>(() => Read("2022/12/06\n\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("no essay text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_reported_on_its_line()
    {
        var bytes = "2022/12/06\n제목\n본문\n"u8.ToArray().Concat(new byte[] { 0xC3, 0x28, 0x0A }).ToArray();

        var error = Assert.Throws<ThreadFileException>(() => ThreadFileReader.Read("bad.txt", bytes));

        Assert.Equal(4, error.Line);
        Assert.Equal("bad.txt", error.FileName);
    }

    [Fact]
    public void The_same_bytes_have_the_same_fingerprint_and_different_bytes_do_not()
    {
        var a = Read("2022/12/06\n제목\n");
        var b = Read("2022/12/06\n제목\n");
        var c = Read("2022/12/06\n제목!\n");

        Assert.Equal(a.Sha256, b.Sha256);
        Assert.NotEqual(a.Sha256, c.Sha256);
    }
}
