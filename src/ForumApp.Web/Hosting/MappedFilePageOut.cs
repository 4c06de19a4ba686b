using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ForumApp.Web.Hosting;

/// <summary>
/// Hands the pages of the files the process has mapped (its assemblies, the runtime's and ICU's libraries) back to the
/// kernel with <c>madvise(MADV_PAGEOUT)</c> (Linux 5.4 and later), as Android does for an app that has gone to the
/// background. Those pages are clean copies of files on disk: most were read once at start-up (the host, EF Core's model
/// building, migrations, the seed import) and never again, yet they stay resident and count in the process's RSS. After
/// the advice the kernel drops them; the few the next requests need are read back on their first touch (a page fault,
/// from the page cache or the disk). Nothing the process wrote is touched: anonymous memory, the runtime's JIT code
/// (<c>memfd:</c> mappings), deleted files, devices and writable shared mappings (SQLite's <c>-shm</c> index) are left
/// alone.
/// The advice is only advice: the kernel skips what it may not drop, and on an older kernel or another system this
/// does nothing.
/// </summary>
/// <remarks>
/// The page-out reads <c>/proc/self/maps</c> as bytes into one reused buffer and parses it in place, in code compiled
/// fully optimized from the start: a page-out that ran the framework's line reader and string splitting (as it did
/// until round 7, docs/performance.md) gave the JIT new work on every trim, and the JIT's work touched back, within a
/// fifth of a second, much of what the page-out had just handed back.
/// </remarks>
public static class MappedFilePageOut
{
    private const int MadvDontneed = 4;
    private const int MadvPageout = 21;
    private const int Einval = 22;
    private static readonly Lock s_gate = new();
    private static volatile bool s_unsupported;
    private static byte[] s_buffer = new byte[128 * 1024];

    /// <summary>
    /// One mapping worth advising: its start address and length in bytes, and whether it is a shared read-only view
    /// (<c>r--s</c>), whose page-table entries can simply be dropped.
    /// </summary>
    public readonly record struct Range(ulong Start, ulong Length, bool SharedReadOnly = false);

    /// <summary>
    /// The mappings of a <c>/proc/PID/maps</c> text that are file pages the kernel may drop and read back: a path on
    /// disk, not a device, not a <c>memfd:</c> (the JIT's code), not deleted, and not a writable shared mapping.
    /// </summary>
    public static IReadOnlyList<Range> Reclaimable(ReadOnlySpan<byte> maps)
    {
        var ranges = new List<Range>();
        for (var lines = new RangeReader(maps); lines.MoveNext(out var range);)
        {
            ranges.Add(range);
        }

        return ranges;
    }

    /// <summary>
    /// Advises the kernel to drop this process's reclaimable file pages; returns how many mappings took the advice
    /// (0 where the system has no <c>MADV_PAGEOUT</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int PageOut()
    {
        if (!OperatingSystem.IsLinux() || s_unsupported)
        {
            return 0;
        }

        lock (s_gate)
        {
            var length = ReadMaps();
            if (length <= 0)
            {
                return 0;
            }

            // First the shared read-only views lose their page-table entries (MADV_DONTNEED: their pages stay in the
            // page cache, and a later read maps them again, byte for byte, since a shared mapping has no private copy).
            // The runtime maps each assembly twice, flat (r--s) and as an image (r-xp); a page mapped in both counts as
            // shared, and MADV_PAGEOUT leaves shared pages alone, so until round 7 about 0.2 MB of every assembly
            // stayed resident after a page-out, 25 MB in all.
            var all = new ReadOnlySpan<byte>(s_buffer, 0, length);
            for (var lines = new RangeReader(all); lines.MoveNext(out var range);)
            {
                if (range.SharedReadOnly)
                {
                    _ = Madvise((nint)range.Start, (nuint)range.Length, MadvDontneed);
                }
            }

            var advised = 0;
            var refused = 0;
            for (var lines = new RangeReader(all); lines.MoveNext(out var range);)
            {
                if (Madvise((nint)range.Start, (nuint)range.Length, MadvPageout) == 0)
                {
                    advised++;
                }
                else if (Marshal.GetLastPInvokeError() == Einval)
                {
                    refused++;
                }

                // Otherwise (ENOMEM: the mapping went away since maps was read; EPERM: a file this user may not page
                // out) the advice is skipped for that mapping.
            }

            if (advised == 0 && refused > 0)
            {
                // Every mapping refused with EINVAL: a kernel older than 5.4 has no MADV_PAGEOUT. Do not try again. (One
                // mapping alone may refuse it, a locked one for instance, without the advice being unknown.)
                s_unsupported = true;
            }

            return advised;
        }
    }

    /// <summary>Reads all of <c>/proc/self/maps</c> into <see cref="s_buffer"/> (grown as needed); its length, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ReadMaps()
    {
        try
        {
            while (true)
            {
                // procfs builds the text at each read: read it in one pass from the start, with a buffer it fits in.
                using SafeFileHandle handle = File.OpenHandle("/proc/self/maps");
                var length = 0;
                int read;
                while ((read = RandomAccess.Read(handle, s_buffer.AsSpan(length), length)) > 0)
                {
                    length += read;
                    if (length == s_buffer.Length)
                    {
                        break;
                    }
                }

                if (length < s_buffer.Length)
                {
                    return length;
                }

                s_buffer = new byte[s_buffer.Length * 2];
            }
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The reclaimable ranges of a maps text, line by line, parsed in place (nothing allocated).</summary>
    private ref struct RangeReader
    {
        private ReadOnlySpan<byte> _rest;

        public RangeReader(ReadOnlySpan<byte> maps) => _rest = maps;

        /// <summary>The next line's range that <see cref="TryParse"/> accepts; false at the end of the text.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext(out Range range)
        {
            while (!_rest.IsEmpty)
            {
                var end = _rest.IndexOf((byte)'\n');
                var line = end < 0 ? _rest : _rest[..end];
                _rest = end < 0 ? default : _rest[(end + 1)..];
                if (TryParse(line, out range))
                {
                    return true;
                }
            }

            range = default;
            return false;
        }
    }

    /// <summary>
    /// One line, <c>7f1c2a000000-7f1c2a400000 r-xp 00000000 08:01 1234   /usr/share/dotnet/.../System.Private.CoreLib.dll</c>:
    /// its range when it is a clean file mapping.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParse(ReadOnlySpan<byte> line, out Range range)
    {
        range = default;
        var start = Hex(ref line, (byte)'-');
        var end = Hex(ref line, (byte)' ');
        if (end <= start || line.Length < 4)
        {
            return false;
        }

        var writable = line[1] == (byte)'w';
        var shared = line[3] == (byte)'s';

        // Skip permissions, offset, device and inode; what is left (after spaces) is the path, if any.
        for (var field = 0; field < 4; field++)
        {
            var space = line.IndexOf((byte)' ');
            if (space < 0)
            {
                return false;
            }

            line = line[(space + 1)..].TrimStart((byte)' ');
        }

        line = line.TrimEnd((byte)' ');
        if ((writable && shared) || line.IsEmpty || line[0] != (byte)'/' || line.StartsWith("/memfd:"u8) || line.StartsWith("/dev/"u8)
            || line.EndsWith("(deleted)"u8))
        {
            return false;
        }

        range = new Range(start, end - start, shared);
        return true;
    }

    /// <summary>Reads hexadecimal digits up to <paramref name="stop"/> and moves past it; 0 when malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hex(ref ReadOnlySpan<byte> line, byte stop)
    {
        ulong value = 0;
        var i = 0;
        for (; i < line.Length && line[i] != stop; i++)
        {
            var c = line[i];
            var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0 || i >= 16)
            {
                line = default;
                return 0;
            }

            value = (value << 4) | (uint)digit;
        }

        if (i == 0 || i == line.Length)
        {
            line = default;
            return 0;
        }

        line = line[(i + 1)..];
        return value;
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one blittable call, as IdleMemoryTrim's malloc_trim: the generated marshalling would need unsafe code for nothing
    private static extern int Madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
