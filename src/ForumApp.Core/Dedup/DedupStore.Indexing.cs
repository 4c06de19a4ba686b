using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ForumApp.Core.Dedup;

/// <summary>The table upkeep of <see cref="DedupStore"/>: entering representatives in the tables, growing and rehashing them.</summary>
internal sealed partial class DedupStore
{
    /// <summary>Enters a representative in the LSH tables of bands <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
    private void IndexBands(int slot, int from, int to)
    {
        if ((_flags[slot] & BandFlags) == 0)
        {
            return;
        }

        var mask = _tableSize - 1;
        for (var b = from; b < to; b++)
        {
            ref var entry = ref _band[(slot * _bands) + b];
            var bucket = (b * _tableSize) + (int)((uint)(entry >> 32) & (uint)mask);
            entry = (entry & 0xFFFFFFFF_00000000UL) | (uint)_bandHeads[bucket];
            _bandHeads[bucket] = slot;
        }
    }

    /// <summary>Enters a representative in the short-typo, prefix and preview tables.</summary>
    private void IndexPrefixes(int slot)
    {
        var key = KeyOf(slot);
        if ((_flags[slot] & ShortTypoFlag) != 0)
        {
            var (head, tail) = ShortTypoHashes(key);
            _shorts.Add(head, slot);
            _shorts.Add(tail, slot);
        }

        var body = _bodyLength[slot];
        foreach (var level in _levels)
        {
            if (level > body)
            {
                break;
            }

            _fulls.Add(PrefixHash(key[..level]), slot);
        }

        if (IsTruncated(slot) && body >= _levels[0])
        {
            _previews.Add(PrefixHash(key[..LargestLevel(body)]), slot);
        }
    }

    private int LargestLevel(int length)
    {
        var best = _levels[0];
        foreach (var level in _levels)
        {
            if (level <= length)
            {
                best = level;
            }
        }

        return best;
    }

    private static ulong PrefixHash(ReadOnlySpan<char> prefix) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(prefix), prefix.Length);

    private void EnsureCapacity(int needed)
    {
        if (needed <= Capacity)
        {
            return;
        }

        var capacity = Math.Max(needed, Capacity * 2);
        Array.Resize(ref _keyHandle, capacity);
        Array.Resize(ref _keyLength, capacity);
        Array.Resize(ref _bodyLength, capacity);
        Array.Resize(ref _flags, capacity);
        Array.Resize(ref _exactHash, capacity);
        Array.Resize(ref _band, capacity * _bands);
        Array.Resize(ref _sketch, capacity * MinHasher.SketchLength);
        Array.Resize(ref _sameNext, capacity);
        Array.Resize(ref _exactNext, capacity);
        Rehash(capacity);
    }

    private void Rehash(int capacity)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        if (size == _tableSize)
        {
            return;
        }

        _tableSize = size;
        _exactHeads = new int[size];
        Array.Fill(_exactHeads, -1);
        _bandHeads = new int[size * _bands];
        Array.Fill(_bandHeads, -1);
        var mask = size - 1;
        for (var s = 0; s < Count; s++)
        {
            if ((_flags[s] & (LiveFlag | RepresentativeFlag)) != (LiveFlag | RepresentativeFlag))
            {
                continue;
            }

            var exactBucket = (int)_exactHash[s] & mask;
            _exactNext[s] = _exactHeads[exactBucket];
            _exactHeads[exactBucket] = s;
            if ((_flags[s] & BandFlags) != 0)
            {
                for (var b = 0; b < _bands; b++)
                {
                    ref var entry = ref _band[(s * _bands) + b];
                    var bucket = (b * size) + (int)((uint)(entry >> 32) & (uint)mask);
                    entry = (entry & 0xFFFFFFFF_00000000UL) | (uint)_bandHeads[bucket];
                    _bandHeads[bucket] = s;
                }
            }
        }
    }
}
