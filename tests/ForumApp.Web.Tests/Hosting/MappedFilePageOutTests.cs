using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using ForumApp.Web.Hosting;

namespace ForumApp.Web.Tests.Hosting;

/// <summary>
/// The pages of mapped files go back to the kernel when the server trims, and only those: what the process wrote and
/// the JIT's code stay, and a file read after its pages were dropped reads the same bytes.
/// </summary>
public sealed class MappedFilePageOutTests
{
    [Fact]
    public void Only_clean_file_mappings_are_chosen()
    {
        string[] maps =
        [
            "7f0000000000-7f0000400000 r-xp 00001000 08:01 1234                       /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/libcoreclr.so",
            "7f0000400000-7f0000500000 r--s 00000000 08:01 1235                       /app/ForumApp.Core.dll",
            "7f0000500000-7f0000600000 rw-p 00010000 08:01 1235                       /app/ForumApp.Core.dll",
            "7f0000600000-7f0000700000 rw-s 00000000 08:01 1236                       /var/lib/forum/forum.db-shm",
            "7f0000700000-7f0000800000 r-xs 00000000 00:01 77                         /memfd:doublemapper (deleted)",
            "7f0000800000-7f0000900000 rw-p 00000000 00:00 0 ",
            "7f0000900000-7f0000a00000 rw-p 00000000 00:00 0                          [heap]",
            "7f0000a00000-7f0000b00000 r--p 00000000 08:01 1237                       /tmp/old.so (deleted)",
            "7f0000b00000-7f0000c00000 r--p 00000000 08:01 1238                       /usr/lib/x86_64-linux-gnu/libicuuc.so.72.1",
            "7f0000c00000-7f0000d00000 r--s 00000000 00:05 1239                       /dev/dri/renderD128",
        ];

        var chosen = MappedFilePageOut.Reclaimable(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', maps) + "\n"));

        Assert.Equal(
            [
                new MappedFilePageOut.Range(0x7f0000000000, 0x400000),
                new MappedFilePageOut.Range(0x7f0000400000, 0x100000, SharedReadOnly: true),
                new MappedFilePageOut.Range(0x7f0000500000, 0x100000),
                new MappedFilePageOut.Range(0x7f0000b00000, 0x100000),
            ],
            chosen);
    }

    [Fact]
    public void A_mapped_file_read_once_stops_counting_as_resident_and_reads_back_the_same()
    {
        Assert.True(OperatingSystem.IsLinux(), "the page-out is Linux's madvise(MADV_PAGEOUT); the tests run on Linux");
        const int size = 32 * 1024 * 1024;
        var path = Path.Combine(Path.GetTempPath(), $"forum-pageout-{Guid.NewGuid():N}.bin");
        try
        {
            var bytes = new byte[size];
            new Random(7).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            var expected = XxHash64.HashToUInt64(bytes);

            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.Read);
            Assert.Equal(expected, Hash(view, size));
            var before = ResidentKilobytes(path);

            Assert.True(MappedFilePageOut.PageOut() > 0);
            var after = ResidentKilobytes(path);

            Assert.True(before >= size / 1024 * 3 / 4, $"the whole file was read, so most of it is resident: {before} KB");
            Assert.True(after <= before / 4, $"resident after the page-out: {after} KB of {before} KB");
            Assert.Equal(expected, Hash(view, size)); // read back from the file, byte for byte
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ulong Hash(MemoryMappedViewAccessor view, int size)
    {
        var copy = new byte[size];
        view.ReadArray(0, copy, 0, size);
        return XxHash64.HashToUInt64(copy);
    }

    /// <summary>The resident kilobytes of the mappings of one file, from <c>/proc/self/smaps</c>.</summary>
    private static long ResidentKilobytes(string path)
    {
        long total = 0;
        var inFile = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                inFile = fields.Length >= 6 && fields[5] == path;
            }
            else if (inFile && fields.Length >= 2 && fields[0] == "Rss:")
            {
                total += long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
