using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ForumApp.Core.Dedup;

/// <summary>
/// How often each word (a space-separated token of a comparison key) occurs in the indexed texts: an open-addressing
/// table of 64-bit entries (a 32-bit fingerprint of the word, its count), kept at most half full, no per-word objects.
/// The key-word guard asks it whether two words a typo apart are both words of the corpus, used about as often as
/// each other (단단한/간단한), or a word and a slip of it (도서관/도서곤, seen once or a few times next to the word's
/// hundreds). Words whose fingerprints collide (about one pair in a million at a million distinct words) share a count.
/// Not thread-safe: the batch engine counts per thread and merges.
/// </summary>
internal sealed class WordCounts
{
    private const int MinCapacity = 256;
    private ulong[] _entries;
    private int _used;

    /// <summary>An empty table with room for about <paramref name="words"/> distinct words before it grows.</summary>
    public WordCounts(int words = 0) =>
        _entries = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(words * 2L, MinCapacity, 1 << 30))];

    /// <summary>Distinct words counted (a word counted down to zero stays until the table grows).</summary>
    public int Distinct => _used;

    public long MemoryBytes => _entries.Length * 8L;

    /// <summary>Counts the words of <paramref name="key"/> once more (<paramref name="delta"/> 1) or once less (-1).</summary>
    public void Add(ReadOnlySpan<char> key, int delta)
    {
        foreach (var range in key.Split(' '))
        {
            var word = key[range];
            if (!word.IsEmpty)
            {
                Add(Fingerprint(word), delta);
            }
        }
    }

    /// <summary>Adds every count of <paramref name="other"/> to this table.</summary>
    public void MergeFrom(WordCounts other)
    {
        foreach (var entry in other._entries)
        {
            if (entry != 0)
            {
                Add((uint)(entry >> 32), (int)(uint)entry);
            }
        }
    }

    /// <summary>How often <paramref name="word"/> was counted.</summary>
    public int CountOf(ReadOnlySpan<char> word)
    {
        var fingerprint = Fingerprint(word);
        var mask = _entries.Length - 1;
        for (var i = (int)fingerprint & mask; ; i = (i + 1) & mask)
        {
            var entry = _entries[i];
            if (entry == 0)
            {
                return 0;
            }

            if ((uint)(entry >> 32) == fingerprint)
            {
                return (int)(uint)entry;
            }
        }
    }

    private void Add(uint fingerprint, int delta)
    {
        var mask = _entries.Length - 1;
        for (var i = (int)fingerprint & mask; ; i = (i + 1) & mask)
        {
            var entry = _entries[i];
            if (entry == 0)
            {
                if (delta <= 0)
                {
                    return;
                }

                _entries[i] = ((ulong)fingerprint << 32) | (uint)delta;
                if (++_used * 2 > _entries.Length)
                {
                    Grow();
                }

                return;
            }

            if ((uint)(entry >> 32) == fingerprint)
            {
                var count = (int)Math.Clamp((long)(uint)entry + delta, 0, int.MaxValue);
                _entries[i] = ((ulong)fingerprint << 32) | (uint)count;
                return;
            }
        }
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new ulong[old.Length * 2];
        var mask = _entries.Length - 1;
        foreach (var entry in old)
        {
            if (entry == 0)
            {
                continue;
            }

            var i = (int)(entry >> 32) & mask;
            while (_entries[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _entries[i] = entry;
        }
    }

    /// <summary>A non-zero 32-bit fingerprint of a word (0 marks an empty entry).</summary>
    private static uint Fingerprint(ReadOnlySpan<char> word)
    {
        var hash = (uint)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word), 0x57C0);
        return hash == 0 ? 1 : hash;
    }
}
