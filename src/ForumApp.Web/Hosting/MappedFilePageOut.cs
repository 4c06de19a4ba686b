using System.Globalization;
using System.Runtime.InteropServices;

namespace ForumApp.Web.Hosting;

/// <summary>
/// Hands the pages of the files the process has mapped (its assemblies, the runtime's and ICU's libraries) back to the
/// kernel with <c>madvise(MADV_PAGEOUT)</c> (Linux 5.4 and later), as Android does for an app that has gone to the
/// background. Those pages are clean copies of files on disk: most were read once at start-up (the host, EF Core's model
/// building, migrations, the seed import) and never again, yet they stay resident and count in the process's RSS. After
/// the advice the kernel drops them; the few the next requests need are read back on their first touch (a page fault,
/// from the page cache or the disk). Nothing the process wrote is touched: anonymous memory, the runtime's JIT code
/// (<c>memfd:</c> mappings), deleted files and writable shared mappings (SQLite's <c>-shm</c> index) are left alone.
/// The advice is only advice: the kernel skips what it may not drop, and on an older kernel or another system this
/// does nothing.
/// </summary>
public static class MappedFilePageOut
{
    private const int MadvPageout = 21;
    private const int Einval = 22;
    private static volatile bool s_unsupported;

    /// <summary>One mapping worth advising: its start address and length in bytes.</summary>
    public readonly record struct Range(ulong Start, ulong Length);

    /// <summary>
    /// The mappings of <c>/proc/PID/maps</c> lines that are file pages the kernel may drop and read back: a path on
    /// disk, not a <c>memfd:</c> (the JIT's code), not deleted, and not a writable shared mapping.
    /// </summary>
    public static IEnumerable<Range> Reclaimable(IEnumerable<string> mapsLines)
    {
        ArgumentNullException.ThrowIfNull(mapsLines);
        foreach (var line in mapsLines)
        {
            // "7f1c2a000000-7f1c2a400000 r-xp 00000000 08:01 1234   /usr/share/dotnet/.../System.Private.CoreLib.dll"
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6)
            {
                continue;
            }

            var path = fields[5].Trim();
            var permissions = fields[1];
            if (!path.StartsWith('/') || path.StartsWith("/memfd:", StringComparison.Ordinal) || path.EndsWith("(deleted)", StringComparison.Ordinal)
                || permissions.Length < 4 || (permissions[1] == 'w' && permissions[3] == 's'))
            {
                continue;
            }

            var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0
                || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
                || end <= start)
            {
                continue;
            }

            yield return new Range(start, end - start);
        }
    }

    /// <summary>
    /// Advises the kernel to drop this process's reclaimable file pages; returns how many mappings took the advice
    /// (0 where the system has no <c>MADV_PAGEOUT</c>).
    /// </summary>
    public static int PageOut()
    {
        if (!OperatingSystem.IsLinux() || s_unsupported)
        {
            return 0;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/maps");
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }

        var advised = 0;
        var refused = 0;
        foreach (var range in Reclaimable(lines))
        {
            if (Madvise((nint)range.Start, (nuint)range.Length, MadvPageout) == 0)
            {
                advised++;
            }
            else if (Marshal.GetLastPInvokeError() == Einval)
            {
                refused++;
            }

            // Otherwise (ENOMEM: the mapping went away since maps was read; EPERM: a file this user may not page out)
            // the advice is skipped for that mapping.
        }

        if (advised == 0 && refused > 0)
        {
            // Every mapping refused with EINVAL: a kernel older than 5.4 has no MADV_PAGEOUT. Do not try again. (One
            // mapping alone may refuse it, a locked one for instance, without the advice being unknown.)
            s_unsupported = true;
        }

        return advised;
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one blittable call, as IdleMemoryTrim's malloc_trim: the generated marshalling would need unsafe code for nothing
    private static extern int Madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
