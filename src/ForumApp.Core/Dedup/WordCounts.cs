using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ForumApp.Core.Dedup;

/// <summary>
/// How often each word (a space-separated token of a comparison key) occurs in the indexed texts: a count-min sketch
/// of two rows of 16-bit saturating counters, about two counters per indexed text and row, no per-word objects.
/// The key-word guard asks it whether two words a typo apart are both words of the corpus, used about as often as
/// each other (단단한/간단한), rather than a word and a slip of it (도서관/도서곤, seen once or a few times next to the
/// word's hundreds). Estimates never undercount, except after removals of words counted while saturated.
/// </summary>
internal sealed class WordCounts
{
    private ushort[] _first;
    private ushort[] _second;
    private int _mask;

    /// <summary>Sizes the rows for about <paramref name="texts"/> texts (a power of two, at least 1,024 counters).</summary>
    public WordCounts(int texts)
    {
        var size = SizeFor(texts);
        _first = new ushort[size];
        _second = new ushort[size];
        _mask = size - 1;
    }

    /// <summary>Counters per row.</summary>
    public int Size => _first.Length;

    public long MemoryBytes => (_first.Length + _second.Length) * 2L;

    /// <summary>The row size for <paramref name="texts"/> texts.</summary>
    public static int SizeFor(int texts) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(texts * 2L, 1024, 1 << 28));

    /// <summary>Counts the words of <paramref name="key"/> once more (<paramref name="delta"/> 1) or once less (-1).</summary>
    public void Add(ReadOnlySpan<char> key, int delta)
    {
        foreach (var range in key.Split(' '))
        {
            var word = key[range];
            if (!word.IsEmpty)
            {
                var hash = Hash(word);
                Bump(ref _first[(int)hash & _mask], delta);
                Bump(ref _second[(int)(hash >> 32) & _mask], delta);
            }
        }
    }

    /// <summary>
    /// Counts the words of <paramref name="key"/> from several threads at once (the batch engine): the counters are
    /// bumped with a compare-and-swap on their 32-bit word.
    /// </summary>
    public void AddConcurrent(ReadOnlySpan<char> key)
    {
        foreach (var range in key.Split(' '))
        {
            var word = key[range];
            if (!word.IsEmpty)
            {
                var hash = Hash(word);
                BumpConcurrent(_first, (int)hash & _mask);
                BumpConcurrent(_second, (int)(hash >> 32) & _mask);
            }
        }
    }

    /// <summary>The estimated count of <paramref name="word"/> (never below the true count).</summary>
    public int CountOf(ReadOnlySpan<char> word)
    {
        var hash = Hash(word);
        return Math.Min(_first[(int)hash & _mask], _second[(int)(hash >> 32) & _mask]);
    }

    /// <summary>Empties the rows and resizes them for <paramref name="texts"/> texts (the caller counts again).</summary>
    public void Reset(int texts)
    {
        var size = SizeFor(texts);
        if (size != _first.Length)
        {
            _first = new ushort[size];
            _second = new ushort[size];
            _mask = size - 1;
        }
        else
        {
            Array.Clear(_first);
            Array.Clear(_second);
        }
    }

    private static ulong Hash(ReadOnlySpan<char> word) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word), 0x57C0);

    private static void Bump(ref ushort counter, int delta)
    {
        if (counter != ushort.MaxValue)
        {
            counter = (ushort)Math.Max(0, counter + delta);
        }
    }

    private static void BumpConcurrent(ushort[] row, int index)
    {
        // Two counters share a 32-bit word (little-endian: the odd one is the high half): swap the whole word in.
        ref var pair = ref Unsafe.As<ushort, uint>(ref row[index & ~1]);
        var shift = (index & 1) * 16;
        while (true)
        {
            var old = Volatile.Read(ref pair);
            var counter = (old >> shift) & 0xFFFF;
            if (counter == 0xFFFF || Interlocked.CompareExchange(ref pair, old + (1u << shift), old) == old)
            {
                return;
            }
        }
    }
}
