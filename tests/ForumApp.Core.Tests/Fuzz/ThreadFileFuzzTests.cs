using System.Text;
using CsCheck;
using ForumApp.Core.Dedup;
using ForumApp.Core.Import;

namespace ForumApp.Core.Tests.Fuzz;

/// <summary>Issue 14: the thread-file reader and the import planner over random bytes: a file is read or refused, never an error.</summary>
public sealed class ThreadFileFuzzTests
{
    private static readonly ThreadImportPlanner Planner = new(new DedupEngine());

    private static readonly Gen<byte[]> DatedLines = Gen.Select(
        Gen.OneOf<string>("2022/12/06", "2022-12-06", "2022.12.06", "\uFEFF2022/12/06", "2022/13/45", "", "  \n2022/1/2"),
        Gen.OneOf(
            Gen.String[0, 300],
            Gen.OneOf<string>("> > > > 인용", new string('>', 5000) + " 깊은 인용", "- - - - 목록", "같은 줄입니다 같은 줄입니다", "\r", "\t탭", "\u200B", "<script>alert(1)</script>")).Array[0, 60],
        (date, lines) => Encoding.UTF8.GetBytes(date + "\n" + string.Join("\n", lines)));

    [Fact]
    public void Random_bytes_are_read_or_refused_with_a_thread_file_error() =>
        Gen.Byte.Array[0, 3000].Sample(ReadAndPlan, iter: 500);

    [Fact]
    public void Dated_random_lines_are_read_and_planned_or_refused_with_a_thread_file_error() =>
        DatedLines.Sample(ReadAndPlan, iter: 300);

    private static void ReadAndPlan(byte[] bytes)
    {
        ThreadFile file;
        try
        {
            file = ThreadFileReader.Read("fuzz.txt", bytes);
        }
        catch (ThreadFileException e)
        {
            Assert.Equal("fuzz.txt", e.FileName);
            return;
        }

        var plan = Planner.Plan(file);
        Assert.Equal(file.Lines.Count, plan.Lines.Count);
    }
}
