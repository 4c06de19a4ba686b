using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ForumApp.Core.Dedup;

/// <summary>
/// The index both modes share: per-text features in flat arrays (slot = insertion order), an exact-key hash table,
/// LSH band tables over MinHash signatures and two prefix tables for truncated previews.
/// Only one text per distinct key (the representative) enters the similarity tables: exact copies hang off it.
/// Not thread-safe; <see cref="DuplicateIndex"/> serialises access.
/// </summary>
internal sealed class DedupStore
{
    private const byte TruncatedFlag = 1;
    private const byte LiveFlag = 2;
    private const byte RepresentativeFlag = 4;
    private const byte NearEligibleFlag = 8;
    private const int MaxChainSteps = 48;
    private const int MaxSingleBandCandidates = 4;
    private const int MaxPrefixCandidates = 16;

    private readonly int _bands;
    private readonly int[] _levels;
    private readonly CharArena _arena;
    private readonly ChainTable _fulls;
    private readonly ChainTable _previews;
    private long[] _keyHandle;
    private int[] _keyLength;
    private int[] _bodyLength;
    private byte[] _flags;
    private ulong[] _exactHash;
    private uint[] _bandHash;
    private int[] _sameNext;
    private int[] _seen;
    private int[] _exactHeads = [];
    private int[] _exactNext;
    private int[] _bandHeads = [];
    private int[] _bandNext;
    private int _tableSize;
    private readonly int[] _scratch = new int[1024];
    private byte[] _agreeing;
    private int _stamp;

    public DedupStore(DedupOptions options, int capacity)
    {
        Options = options;
        Hasher = new MinHasher(options.ShingleSize, options.Bands, options.RowsPerBand);
        _bands = options.Bands;
        _levels = [options.MinContainedChars, options.MinContainedChars * 2, options.MinContainedChars * 4, options.MinContainedChars * 8];
        capacity = Math.Max(capacity, 16);
        _arena = new CharArena();
        _keyHandle = new long[capacity];
        _keyLength = new int[capacity];
        _bodyLength = new int[capacity];
        _flags = new byte[capacity];
        _exactHash = new ulong[capacity];
        _bandHash = new uint[capacity * _bands];
        _sameNext = new int[capacity];
        _seen = new int[capacity];
        _agreeing = new byte[capacity];
        _exactNext = new int[capacity];
        _bandNext = new int[capacity * _bands];
        _fulls = new ChainTable(capacity);
        _previews = new ChainTable(capacity / 16);
        Rehash(capacity);
    }

    /// <summary>Adopts features computed in bulk (in parallel) for <paramref name="count"/> staged slots.</summary>
    public DedupStore(DedupOptions options, int count, CharArena arena, long[] keyHandle, int[] keyLength, int[] bodyLength,
        byte[] truncated, ulong[] exactHash, uint[] bandHash, int[] nonSpaceBodyChars)
        : this(options, 16)
    {
        _arena = arena;
        _keyHandle = keyHandle;
        _keyLength = keyLength;
        _bodyLength = bodyLength;
        _flags = new byte[Math.Max(count, 16)];
        for (var i = 0; i < count; i++)
        {
            _flags[i] = (byte)((truncated[i] != 0 ? TruncatedFlag : 0) | (nonSpaceBodyChars[i] >= options.MinNearChars ? NearEligibleFlag : 0));
        }

        _exactHash = exactHash;
        _bandHash = bandHash;
        var capacity = Math.Max(count, 16);
        Array.Resize(ref _keyHandle, capacity);
        Array.Resize(ref _keyLength, capacity);
        Array.Resize(ref _bodyLength, capacity);
        Array.Resize(ref _exactHash, capacity);
        Array.Resize(ref _bandHash, capacity * _bands);
        _sameNext = new int[capacity];
        _seen = new int[capacity];
        _agreeing = new byte[capacity];
        _exactNext = new int[capacity];
        _bandNext = new int[capacity * _bands];
        Rehash(capacity);
        PreStaged = count;
    }

    public DedupOptions Options { get; }

    public MinHasher Hasher { get; }

    /// <summary>Slots committed so far, removed ones included.</summary>
    public int Count { get; private set; }

    public int LiveCount { get; private set; }

    private int PreStaged { get; }

    private int Capacity => _flags.Length;

    public bool IsLive(int slot) => (_flags[slot] & LiveFlag) != 0;

    public bool IsTruncated(int slot) => (_flags[slot] & TruncatedFlag) != 0;

    public bool IsRepresentative(int slot) => (_flags[slot] & RepresentativeFlag) != 0;

    public ReadOnlySpan<char> KeyOf(int slot) => _arena.Get(_keyHandle[slot], _keyLength[slot]);

    public int BodyLengthOf(int slot) => _bodyLength[slot];

    public int NextSameKey(int slot) => _sameNext[slot];

    /// <summary>Writes a text's features into the next free slot without committing it; returns the slot.</summary>
    public int Stage(FeatureBuilder features)
    {
        var slot = Count;
        EnsureCapacity(slot + 1);
        _keyHandle[slot] = _arena.Append(features.Key);
        _keyLength[slot] = features.KeyLength;
        _bodyLength[slot] = features.BodyLength;
        _flags[slot] = (byte)((features.Truncated ? TruncatedFlag : 0)
            | (features.NonSpaceBodyChars >= Options.MinNearChars ? NearEligibleFlag : 0));
        _exactHash[slot] = features.ExactHash;
        features.BandHashes.CopyTo(_bandHash.AsSpan(slot * _bands, _bands));
        return slot;
    }

    /// <summary>Forgets a staged slot that was only checked.</summary>
    public void Unstage(int slot)
    {
        if (slot == Count && slot >= PreStaged)
        {
            _arena.Unappend(_keyHandle[slot]);
        }
    }

    /// <summary>The live representative with the same comparison key as <paramref name="slot"/>, or -1.</summary>
    public int FindRepresentative(int slot)
    {
        var hash = _exactHash[slot];
        var key = KeyOf(slot);
        for (var s = _exactHeads[(int)hash & (_tableSize - 1)]; s >= 0; s = _exactNext[s])
        {
            if (s != slot && _exactHash[s] == hash && (_flags[s] & (LiveFlag | RepresentativeFlag)) == (LiveFlag | RepresentativeFlag)
                && KeyOf(s).SequenceEqual(key))
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>
    /// Representatives that may duplicate <paramref name="slot"/>: LSH band collisions and prefix-table hits,
    /// each once, at most <paramref name="output"/>.Length of them. Returns how many were written.
    /// </summary>
    public int CollectCandidates(int slot, Span<int> output)
    {
        var count = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seen);
            _stamp = 1;
        }

        var flags = _flags[slot];
        if ((flags & NearEligibleFlag) != 0)
        {
            // Count how many bands each candidate shares: true near duplicates agree on several bands, texts that
            // merely share a template on one. Verify the most agreeing first; few single-band candidates.
            var mask = _tableSize - 1;
            var unique = 0;
            for (var b = 0; b < _bands; b++)
            {
                var hash = _bandHash[(slot * _bands) + b];
                var steps = 0;
                for (var s = _bandHeads[(b * _tableSize) + (int)(hash & (uint)mask)];
                     s >= 0 && steps++ < MaxChainSteps;
                     s = _bandNext[(s * _bands) + b])
                {
                    if (_bandHash[(s * _bands) + b] != hash || s == slot)
                    {
                        continue;
                    }

                    if (_seen[s] != _stamp)
                    {
                        if (unique == _scratch.Length || (_flags[s] & (LiveFlag | RepresentativeFlag)) != (LiveFlag | RepresentativeFlag))
                        {
                            continue;
                        }

                        _seen[s] = _stamp;
                        _agreeing[s] = 0;
                        _scratch[unique++] = s;
                    }

                    _agreeing[s]++;
                }
            }

            var singles = 0;
            for (var want = _bands; want >= 1 && count < output.Length; want--)
            {
                for (var u = 0; u < unique && count < output.Length; u++)
                {
                    var s = _scratch[u];
                    if (_agreeing[s] == want && (want > 1 || singles++ < MaxSingleBandCandidates))
                    {
                        output[count++] = s;
                    }
                }
            }
        }

        var key = KeyOf(slot);
        var body = _bodyLength[slot];
        if ((flags & TruncatedFlag) != 0 && body >= _levels[0])
        {
            var level = LargestLevel(body);
            var hash = PrefixHash(key[..level]);
            var steps = 0;
            var limit = Math.Min(output.Length, count + MaxPrefixCandidates);
            for (var e = _fulls.First(hash); e >= 0 && count < limit && steps++ < MaxChainSteps; e = _fulls.Next(e))
            {
                if (_fulls.HashAt(e) == hash)
                {
                    TryAdd(_fulls.SlotAt(e), slot, output, ref count);
                }
            }
        }

        for (var l = _levels.Length - 1; l >= 0; l--)
        {
            // Longest prefix first: it is the most specific.
            var level = _levels[l];
            if (level > body || count >= output.Length)
            {
                continue;
            }

            var hash = PrefixHash(key[..level]);
            var steps = 0;
            var limit = Math.Min(output.Length, count + MaxPrefixCandidates);
            for (var e = _previews.First(hash); e >= 0 && count < limit && steps++ < MaxChainSteps; e = _previews.Next(e))
            {
                if (_previews.HashAt(e) == hash)
                {
                    TryAdd(_previews.SlotAt(e), slot, output, ref count);
                }
            }
        }

        return count;
    }

    private void TryAdd(int candidate, int slot, Span<int> output, ref int count)
    {
        if (candidate != slot && _seen[candidate] != _stamp
            && (_flags[candidate] & (LiveFlag | RepresentativeFlag)) == (LiveFlag | RepresentativeFlag))
        {
            _seen[candidate] = _stamp;
            output[count++] = candidate;
        }
    }

    /// <summary>Commits the staged slot: an exact copy of <paramref name="representative"/>, or (with -1) a new key.</summary>
    public void Commit(int slot, int representative)
    {
        if (slot != Count)
        {
            throw new InvalidOperationException("Only the staged slot can be committed.");
        }

        Count++;
        LiveCount++;
        _flags[slot] |= LiveFlag;
        if (representative >= 0)
        {
            _sameNext[slot] = _sameNext[representative];
            _sameNext[representative] = slot;
        }
        else
        {
            _sameNext[slot] = -1;
            MakeRepresentative(slot);
        }
    }

    /// <summary>Removes a slot; an exact copy of it, if one is live, takes its place in the similarity tables.</summary>
    public void Kill(int slot)
    {
        if (!IsLive(slot))
        {
            return;
        }

        LiveCount--;
        var wasRepresentative = IsRepresentative(slot);
        _flags[slot] &= unchecked((byte)~(LiveFlag | RepresentativeFlag));
        if (!wasRepresentative)
        {
            return;
        }

        for (var s = _sameNext[slot]; s >= 0; s = _sameNext[s])
        {
            if (IsLive(s))
            {
                MakeRepresentative(s);
                return;
            }
        }
    }

    public bool TryRelate(int a, int b, out DuplicateKind kind, out double score) =>
        DuplicateRules.TryRelate(
            KeyOf(a), _bodyLength[a], IsTruncated(a),
            KeyOf(b), _bodyLength[b], IsTruncated(b),
            Options, out kind, out score);

    /// <summary>Approximate bytes held by the index structures.</summary>
    public long MemoryBytes =>
        _arena.MemoryBytes
        + (Capacity * (8L + 4 + 4 + 1 + 8 + 4 + 4 + 4))
        + (Capacity * (long)_bands * 8)
        + (_tableSize * 4L * (_bands + 1))
        + _fulls.MemoryBytes + _previews.MemoryBytes;

    private void MakeRepresentative(int slot)
    {
        _flags[slot] |= RepresentativeFlag;
        var mask = _tableSize - 1;
        var exactBucket = (int)_exactHash[slot] & mask;
        _exactNext[slot] = _exactHeads[exactBucket];
        _exactHeads[exactBucket] = slot;
        if ((_flags[slot] & NearEligibleFlag) != 0)
        {
            for (var b = 0; b < _bands; b++)
            {
                var bucket = (b * _tableSize) + (int)(_bandHash[(slot * _bands) + b] & (uint)mask);
                _bandNext[(slot * _bands) + b] = _bandHeads[bucket];
                _bandHeads[bucket] = slot;
            }
        }

        var key = KeyOf(slot);
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
        Array.Resize(ref _bandHash, capacity * _bands);
        Array.Resize(ref _sameNext, capacity);
        Array.Resize(ref _seen, capacity);
        Array.Resize(ref _agreeing, capacity);
        Array.Resize(ref _exactNext, capacity);
        Array.Resize(ref _bandNext, capacity * _bands);
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
            if ((_flags[s] & NearEligibleFlag) != 0)
            {
                for (var b = 0; b < _bands; b++)
                {
                    var bucket = (b * size) + (int)(_bandHash[(s * _bands) + b] & (uint)mask);
                    _bandNext[(s * _bands) + b] = _bandHeads[bucket];
                    _bandHeads[bucket] = s;
                }
            }
        }
    }
}
