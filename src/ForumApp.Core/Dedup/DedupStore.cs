using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ForumApp.Core.Dedup;

/// <summary>
/// The index both modes share: per-text features in flat arrays (slot = insertion order), an exact-key hash table,
/// LSH band tables over MinHash signatures and two prefix tables for truncated previews.
/// Only one text per distinct key (the representative) enters the similarity tables: exact copies hang off it.
/// Not thread-safe; <see cref="DuplicateIndex"/> serialises access.
/// </summary>
internal sealed partial class DedupStore
{
    private const byte TruncatedFlag = 1;
    private const byte LiveFlag = 2;
    private const byte RepresentativeFlag = 4;
    private const byte NearEligibleFlag = 8;
    private const byte ShortTypoFlag = 16;

    // Texts in the LSH tables: those long enough for a near duplicate, and short ones (8-19 non-space characters),
    // whose head/tail tables alone lose sources far back behind a common opening or ending.
    private const byte BandFlags = NearEligibleFlag | ShortTypoFlag;
    private const int ShortTypoReach = 4;
    private const int ShortTypoEnd = 4;
    private const int ShortTypoLengthSlack = 4;
    private const int MinShortSketchMatches = 16;
    private const int MaxChainSteps = 24;

    // Sketch agreement (of 64 bytes) an LSH candidate needs. Measured on the labelled corpora (100,000 lines, both
    // vocabularies, `corpus --profile --histogram`): every verified near duplicate agreed on 31 or more (36 or more on
    // the varied corpus), unrelated collisions peak at 13-15; a preview shares only its body's shingles with the full
    // text (Jaccard ~ body / full length), so pairs with a preview need 12.
    private const int MinSketchMatches = 28;
    private const int StrongSketchMatches = 40;
    private const int MinMultiBandSketchMatches = 20;
    private const int MaxWeakSketchCandidates = 4;
    private const int MaxSingleBandChecks = 12;
    private const int MaxColliders = 512;
    private const int CollisionTableSize = 1024;
    private const int MinPreviewSketchMatches = 12;
    private const int MaxPrefixCandidates = 16;
    private const int MaxPreviewChainSteps = 128;
    private const int MaxInexactPrefixCandidates = 4;

    private readonly int _bands;
    private readonly int[] _levels;
    private readonly CharArena _arena;
    private readonly ChainTable _fulls;
    private readonly ChainTable _previews;
    private readonly ChainTable _shorts;
    private readonly WordCounts _words;
    private long[] _keyHandle;
    private int[] _keyLength;
    private int[] _bodyLength;
    private byte[] _flags;
    private ulong[] _exactHash;
    // Per slot and band: the band hash (high 32 bits) and the next slot in its chain (low 32 bits), side by side so
    // a chain step is one memory access, not two.
    private ulong[] _band;
    private byte[] _sketch;
    private int[] _sameNext;
    private int[] _exactHeads = [];
    private int[] _exactNext;
    private int[] _bandHeads = [];
    private int _tableSize;
    private readonly CandidateScratch _ownScratch = new();

    public DedupStore(DedupOptions options, int capacity)
        : this(options, capacity, (capacity * 3, capacity / 16, capacity / 4))
    {
    }

    /// <param name="options">Engine parameters.</param>
    /// <param name="capacity">Slots allocated at first.</param>
    /// <param name="entries">Entries expected in the prefix, preview and short-typo tables: sized once, not doubled.</param>
    private DedupStore(DedupOptions options, int capacity, (int Fulls, int Previews, int Shorts) entries)
    {
        Options = options;
        Hasher = new MinHasher(options.ShingleSize, options.Bands, options.RowsPerBand);
        _bands = options.Bands;
        var m = options.MinContainedChars;
        _levels = [m, m * 3 / 2, m * 2, m * 3, m * 4, m * 8]; // 16, 24, 32, 48, 64, 128 characters by default
        capacity = Math.Max(capacity, 16);
        _arena = new CharArena();
        _keyHandle = new long[capacity];
        _keyLength = new int[capacity];
        _bodyLength = new int[capacity];
        _flags = new byte[capacity];
        _exactHash = new ulong[capacity];
        _band = new ulong[capacity * _bands];
        _sketch = new byte[capacity * MinHasher.SketchLength];
        _sameNext = new int[capacity];
        _exactNext = new int[capacity];
        _fulls = new ChainTable(entries.Fulls);
        _previews = new ChainTable(entries.Previews);
        _shorts = new ChainTable(entries.Shorts);
        _words = new WordCounts();
        Rehash(capacity);
    }

    /// <summary>Adopts features computed in bulk (in parallel) for <paramref name="count"/> staged slots.</summary>
    /// <remarks><paramref name="band"/> holds each slot's band hashes in the high 32 bits, <paramref name="sketch"/> and
    /// <paramref name="band"/> at least 16 slots; the store adopts the arrays rather than copying them.</remarks>
    public DedupStore(DedupOptions options, int count, CharArena arena, long[] keyHandle, int[] keyLength, int[] bodyLength,
        byte[] truncated, ulong[] exactHash, ulong[] band, byte[] sketch, int[] nonSpaceBodyChars, WordCounts words)
        : this(options, 16, TableEntries(options, count, bodyLength, truncated, nonSpaceBodyChars))
    {
        _arena = arena;
        _words = words; // counted over every text up front: a comparison sees the whole corpus's words
        _keyHandle = keyHandle;
        _keyLength = keyLength;
        _bodyLength = bodyLength;
        _flags = new byte[Math.Max(count, 16)];
        for (var i = 0; i < count; i++)
        {
            _flags[i] = EligibilityFlags(truncated[i] != 0, nonSpaceBodyChars[i], options);
        }

        _exactHash = exactHash;
        _sketch = sketch;
        var capacity = Math.Max(count, 16);
        _band = band;

        Array.Resize(ref _keyHandle, capacity);
        Array.Resize(ref _keyLength, capacity);
        Array.Resize(ref _bodyLength, capacity);
        Array.Resize(ref _exactHash, capacity);
        Array.Resize(ref _sketch, capacity * MinHasher.SketchLength);
        _sameNext = new int[capacity];
        _exactNext = new int[capacity];
        Rehash(capacity);
        PreStaged = count;
    }

    public DedupOptions Options { get; }

    /// <summary>How many entries the prefix, preview and short-typo tables get when every text is indexed.</summary>
    private static (int, int, int) TableEntries(DedupOptions options, int count, int[] bodyLength, byte[] truncated, int[] nonSpace)
    {
        var m = options.MinContainedChars;
        int[] levels = [m, m * 3 / 2, m * 2, m * 3, m * 4, m * 8];
        long fulls = 0, previews = 0, shorts = 0;
        for (var i = 0; i < count; i++)
        {
            foreach (var level in levels)
            {
                fulls += level <= bodyLength[i] ? 1 : 0;
            }

            previews += truncated[i] != 0 && bodyLength[i] >= m ? 1 : 0;
            shorts += (EligibilityFlags(truncated[i] != 0, nonSpace[i], options) & ShortTypoFlag) != 0 ? 2 : 0;
        }

        return ((int)Math.Min(fulls, int.MaxValue / 2), (int)previews, (int)shorts);
    }

    /// <summary>
    /// Texts long enough for MinHash go to the LSH tables; complete texts a little shorter or longer than that
    /// threshold to the short-typo table (their first and last characters), where a short re-post with one typo finds them.
    /// </summary>
    private static byte EligibilityFlags(bool truncated, int nonSpaceBodyChars, DedupOptions options) => (byte)(
        (truncated ? TruncatedFlag : 0)
        | (nonSpaceBodyChars >= options.MinNearChars ? NearEligibleFlag : 0)
        | (!truncated && nonSpaceBodyChars >= DuplicateRules.MinTypoChars && nonSpaceBodyChars < options.MinNearChars + ShortTypoReach ? ShortTypoFlag : 0));

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
        _flags[slot] = EligibilityFlags(features.Truncated, features.NonSpaceBodyChars, Options);
        _exactHash[slot] = features.ExactHash;
        for (var b = 0; b < _bands; b++)
        {
            _band[(slot * _bands) + b] = (ulong)features.BandHashes[b] << 32;
        }

        features.Sketch.CopyTo(_sketch.AsSpan(slot * MinHasher.SketchLength));
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
    public int CollectCandidates(int slot, Span<int> output) => CollectCandidates(slot, output, _ownScratch);

    /// <summary>
    /// <see cref="CollectCandidates(int, Span{int})"/> with the caller's scratch space, so several threads can look up
    /// at once while nothing is committed. Only slots before <paramref name="slot"/> are candidates: the batch engine
    /// indexes a whole chunk before its texts look up, and each text sees the texts before it (chains hold slots
    /// newest first there, so the later ones are skipped at the front of each chain, without counting as steps).
    /// </summary>
    public int CollectCandidates(int slot, Span<int> output, CandidateScratch scratch)
    {
        var started = DedupProfile.Now;
        var count = CollectCandidatesCore(slot, output, scratch);
        if (DedupProfile.Enabled)
        {
            DedupProfile.Lookups++;
            DedupProfile.Candidates += count;
            if (DedupProfile.Enabled)
            {
                DedupProfile.CollectTicks += DedupProfile.Now - started;
            }
        }

        return count;
    }

    private int CollectCandidatesCore(int slot, Span<int> output, CandidateScratch scratch)
    {
        var count = 0;

        var flags = _flags[slot];
        if ((flags & TruncatedFlag) != 0 && _bodyLength[slot] >= _levels[0])
        {
            // A preview looks for the complete texts it is a prefix of first: the longest indexed prefix level of its
            // body, then each entry checked for an exact prefix right away, so that a long chain of texts sharing an
            // opener ("좋은 글 감사합니다 ...") can be walked further without flooding the verifier.
            var previewKey = KeyOf(slot);
            var previewBody = previewKey[.._bodyLength[slot]];
            var hash = PrefixHash(previewKey[..LargestLevel(previewBody.Length)]);
            var steps = 0;
            var inexact = 0;
            var limit = Math.Min(output.Length, MaxPrefixCandidates);
            for (var e = _fulls.FirstBefore(hash, slot); e >= 0 && count < limit && steps++ < MaxPreviewChainSteps; e = _fulls.Next(e))
            {
                if (DedupProfile.Enabled)
                {
                    DedupProfile.PrefixSteps++;
                }

                if (_fulls.HashAt(e) != hash)
                {
                    continue;
                }

                var full = _fulls.SlotAt(e);
                if (KeyOf(full).StartsWith(previewBody) || inexact++ < MaxInexactPrefixCandidates)
                {
                    TryAdd(full, slot, output, ref count);
                }
            }
        }

        if ((flags & ShortTypoFlag) != 0)
        {
            // A short text with one typo keeps either its first or its last characters (spaces skipped).
            var (head, tail) = ShortTypoHashes(KeyOf(slot));
            CollectShort(head, slot, output, ref count);
            CollectShort(tail, slot, output, ref count);
        }

        if ((flags & BandFlags) != 0)
        {
            // Count how many bands each candidate shares: true near duplicates agree on several bands, texts that
            // merely share a template on one. Verify the most agreeing first; few single-band candidates.
            var mask = _tableSize - 1;
            // Distinct colliders and how many bands each shares, in a small table on the stack: touching global
            // per-slot arrays here cost two more cache misses per collider at a million texts.
            Span<int> tableSlot = stackalloc int[CollisionTableSize];
            Span<byte> tableCount = stackalloc byte[CollisionTableSize];
            tableSlot.Fill(-1);
            var unique = 0;

            // Walk the band chains in lock step (step 1 of every band, then step 2, ...) and record what each step
            // met: the chains are independent, so their cache misses overlap instead of queueing one behind the
            // other (at a million texts every chain step and every head is a cache and TLB miss). The entries are
            // then counted band by band in the order of the one-chain-at-a-time walk, so the result is identical.
            var bands = _bands;
            Span<int> cursor = scratch.Cursor(bands);
            Span<uint> bandHash = scratch.BandHash(bands);
            Span<int> met = scratch.Met(bands * MaxChainSteps);
            Span<int> metCount = scratch.MetCount(bands);
            for (var b = 0; b < bands; b++)
            {
                var hash = (uint)(_band[(slot * bands) + b] >> 32);
                bandHash[b] = hash;
                metCount[b] = 0;
                var head = _bandHeads[(b * _tableSize) + (int)(hash & (uint)mask)];
                while (head >= slot)
                {
                    head = (int)(uint)_band[(head * bands) + b]; // indexed after this text (same chunk): not a candidate
                }

                cursor[b] = head;
            }

            for (var step = 0; step < MaxChainSteps; step++)
            {
                var active = false;
                for (var b = 0; b < bands; b++)
                {
                    var candidate = cursor[b];
                    if (candidate < 0)
                    {
                        continue;
                    }

                    active = true;
                    var entry = _band[(candidate * bands) + b];
                    cursor[b] = (int)(uint)entry;
                    met[(b * MaxChainSteps) + metCount[b]++] = (uint)(entry >> 32) != bandHash[b] || candidate == slot ? -1 : candidate;
                }

                if (!active)
                {
                    break;
                }
            }

            for (var b = 0; b < bands; b++)
            {
                var walked = metCount[b];
                for (var i = 0; i < walked; i++)
                {
                    if (DedupProfile.Enabled)
                    {
                        DedupProfile.ChainSteps++;
                    }

                    var candidate = met[(b * MaxChainSteps) + i];
                    if (candidate < 0)
                    {
                        continue;
                    }

                    var h = (int)((uint)candidate * 0x9E3779B1u >> 22) & (CollisionTableSize - 1);
                    while (tableSlot[h] >= 0 && tableSlot[h] != candidate)
                    {
                        h = (h + 1) & (CollisionTableSize - 1);
                    }

                    if (tableSlot[h] < 0)
                    {
                        if (unique == MaxColliders)
                        {
                            continue;
                        }

                        tableSlot[h] = candidate;
                        scratch.Slots[unique] = candidate;
                        scratch.Rank[unique++] = h;
                    }

                    tableCount[h]++;
                }
            }

            for (var u = 0; u < unique; u++)
            {
                scratch.Agreeing[u] = tableCount[scratch.Rank[u]];
            }

            PrefetchSketches(scratch, unique);

            // Rank the band colliders by their sketch agreement (an estimate of shingle Jaccard from 64 samples,
            // far sharper than the count of shared bands) and drop those too dissimilar to be a small edit: most
            // LSH collisions are comments that only share a template, and this rejects them for one cache line each.
            var sketch = _sketch.AsSpan(slot * MinHasher.SketchLength, MinHasher.SketchLength);
            var truncated = (flags & TruncatedFlag) != 0;
            var kept = 0;
            var singles = 0;
            for (var u = 0; u < unique; u++)
            {
                var s = scratch.Slots[u];
                if (scratch.Agreeing[u] == 1 && singles++ >= MaxSingleBandChecks)
                {
                    // At a million templated comments a lookup meets ~100 colliders sharing one band, nearly all
                    // unrelated; a sketch check is a cache miss each. The newest few are checked.
                    if (DedupProfile.Enabled)
                    {
                        DedupProfile.SketchRejects++;
                    }

                    continue;
                }

                var matches = MinHasher.SketchMatches(sketch, _sketch.AsSpan(s * MinHasher.SketchLength, MinHasher.SketchLength));
                if (matches < (scratch.Agreeing[u] >= 2 ? MinMultiBandSketchMatches : MinSketchMatches)
                    && !(matches >= MinPreviewSketchMatches && (truncated || (_flags[s] & TruncatedFlag) != 0)))
                {
                    if (DedupProfile.Enabled)
                    {
                        DedupProfile.SketchRejects++;
                    }

                    continue;
                }

                if ((_flags[s] & (LiveFlag | RepresentativeFlag)) != (LiveFlag | RepresentativeFlag) || output[..count].Contains(s))
                {
                    continue; // removed since it was indexed, or already proposed by the prefix table
                }

                scratch.Slots[kept] = s;
                scratch.Rank[kept++] = (matches << 8) | scratch.Agreeing[u];
            }

            var weak = 0;
            while (kept > 0 && count < output.Length)
            {
                var best = 0;
                for (var u = 1; u < kept; u++)
                {
                    if (scratch.Rank[u] > scratch.Rank[best] || (scratch.Rank[u] == scratch.Rank[best] && scratch.Slots[u] > scratch.Slots[best]))
                    {
                        best = u;
                    }
                }

                // Strong agreement first; at most a few weak ones (mostly comments sharing a template, at 1M there
                // are dozens of them per lookup in the templated corpus, each costing a verification).
                if (scratch.Rank[best] >> 8 < StrongSketchMatches && weak++ >= MaxWeakSketchCandidates)
                {
                    break;
                }

                output[count++] = scratch.Slots[best];
                kept--;
                scratch.Slots[best] = scratch.Slots[kept];
                scratch.Rank[best] = scratch.Rank[kept];
            }
        }

        CollectRecent(slot, output, ref count);

        var key = KeyOf(slot);
        var body = _bodyLength[slot];

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
            for (var e = _previews.FirstBefore(hash, slot); e >= 0 && count < limit && steps++ < MaxChainSteps; e = _previews.Next(e))
            {
                if (DedupProfile.Enabled)
                {
                    DedupProfile.PrefixSteps++;
                }

                if (_previews.HashAt(e) == hash)
                {
                    TryAdd(_previews.SlotAt(e), slot, output, ref count);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Asks for the sketches the next loop will compare (every collider sharing two or more bands, the first
    /// <see cref="MaxSingleBandChecks"/> sharing one) all at once: each is a cache and TLB miss at a million texts,
    /// and issued together they overlap. A prefetch changes no result; a stale address after a GC move is harmless.
    /// </summary>
    private unsafe void PrefetchSketches(CandidateScratch scratch, int unique)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (byte* sketches = _sketch)
        {
            var singles = 0;
            for (var u = 0; u < unique; u++)
            {
                if (scratch.Agreeing[u] == 1 && singles++ >= MaxSingleBandChecks)
                {
                    continue;
                }

                var address = sketches + ((long)scratch.Slots[u] * MinHasher.SketchLength);
                Sse.Prefetch0(address);
                Sse.Prefetch0(address + MinHasher.SketchLength - 1);
            }
        }
    }

    private void CollectShort(ulong hash, int slot, Span<int> output, ref int count)
    {
        var steps = 0;
        var limit = Math.Min(output.Length, count + MaxPrefixCandidates);
        for (var e = _shorts.FirstBefore(hash, slot); e >= 0 && count < limit && steps++ < MaxChainSteps; e = _shorts.Next(e))
        {
            // Texts that merely open or close alike (a stock greeting) are told apart by length and sketch first.
            var candidate = _shorts.SlotAt(e);
            if (_shorts.HashAt(e) == hash && Math.Abs(_keyLength[candidate] - _keyLength[slot]) <= ShortTypoLengthSlack
                && MinHasher.SketchMatches(_sketch.AsSpan(slot * MinHasher.SketchLength, MinHasher.SketchLength),
                    _sketch.AsSpan(candidate * MinHasher.SketchLength, MinHasher.SketchLength)) >= MinShortSketchMatches)
            {
                TryAdd(candidate, slot, output, ref count);
            }
        }
    }

    /// <summary>Hashes of the first and of the last <see cref="ShortTypoEnd"/> non-space characters of a key.</summary>
    private static (ulong Head, ulong Tail) ShortTypoHashes(ReadOnlySpan<char> key)
    {
        Span<char> head = stackalloc char[ShortTypoEnd];
        Span<char> tail = stackalloc char[ShortTypoEnd];
        var n = 0;
        for (var i = 0; i < key.Length && n < ShortTypoEnd; i++)
        {
            if (key[i] != ' ')
            {
                head[n++] = key[i];
            }
        }

        n = 0;
        for (var i = key.Length - 1; i >= 0 && n < ShortTypoEnd; i--)
        {
            if (key[i] != ' ')
            {
                tail[ShortTypoEnd - 1 - n++] = key[i];
            }
        }

        return (XxHash3.HashToUInt64(MemoryMarshal.AsBytes(head), 1), XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tail), 2));
    }

    private void TryAdd(int candidate, int slot, Span<int> output, ref int count)
    {
        if (candidate != slot && !output[..count].Contains(candidate)
            && (_flags[candidate] & (LiveFlag | RepresentativeFlag)) == (LiveFlag | RepresentativeFlag))
        {
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
        if (slot >= PreStaged)
        {
            _words.Add(KeyOf(slot), 1);
        }

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

    /// <summary>
    /// <see cref="Commit"/> for the batch engine, which commits a chunk of texts in order and then indexes the chunk's
    /// representatives in the similarity tables at once with <see cref="IndexSimilarity"/>: until then only the exact
    /// table knows them.
    /// </summary>
    public void CommitDeferred(int slot, int representative)
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
            MarkRepresentative(slot);
        }
    }

    /// <summary>
    /// Enters the representatives among slots <paramref name="from"/> to <paramref name="to"/> (exclusive, committed
    /// with <see cref="CommitDeferred"/>) in the similarity tables, in slot order per table: the band tables split
    /// between two threads, the prefix tables on a third. The chains come out as if committed one by one.
    /// </summary>
    public void IndexSimilarity(int from, int to, ParallelOptions parallel)
    {
        var half = _bands / 2;
        Parallel.Invoke(
            parallel,
            () => IndexRange(from, to, s => IndexBands(s, 0, half)),
            () => IndexRange(from, to, s => IndexBands(s, half, _bands)),
            () => IndexRange(from, to, IndexPrefixes));

        void IndexRange(int first, int end, Action<int> index)
        {
            for (var s = first; s < end; s++)
            {
                if ((_flags[s] & (LiveFlag | RepresentativeFlag)) == (LiveFlag | RepresentativeFlag))
                {
                    index(s);
                }
            }
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
        _words.Add(KeyOf(slot), -1);
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

    public bool TryRelate(int a, int b, out DuplicateKind kind, out double score)
    {
        var started = DedupProfile.Now;
        var related = DuplicateRules.TryRelate(
            KeyOf(a), _bodyLength[a], IsTruncated(a),
            KeyOf(b), _bodyLength[b], IsTruncated(b),
            Options, _words, out kind, out score);
        if (DedupProfile.Enabled)
        {
            DedupProfile.Relates++;
            var m = MinHasher.SketchMatches(_sketch.AsSpan(a * MinHasher.SketchLength, MinHasher.SketchLength), _sketch.AsSpan(b * MinHasher.SketchLength, MinHasher.SketchLength));
            (related ? (kind == DuplicateKind.Contained ? DedupProfile.ContainedSketch : DedupProfile.NearSketch) : DedupProfile.FailedSketch)[m]++;
            if (DedupProfile.Enabled)
            {
                DedupProfile.Matches += related ? 1 : 0;
            }

            if (DedupProfile.Enabled)
            {
                DedupProfile.RelateTicks += DedupProfile.Now - started;
            }
        }

        return related;
    }

    /// <summary>Approximate bytes held by the index structures.</summary>
    public long MemoryBytes =>
        _arena.MemoryBytes
        + (Capacity * (8L + 4 + 4 + 1 + 8 + 4 + 4))
        + (Capacity * (long)_bands * 8)
        + (Capacity * (long)MinHasher.SketchLength)
        + (_tableSize * 4L * (_bands + 1))
        + _fulls.MemoryBytes + _previews.MemoryBytes + _shorts.MemoryBytes + _words.MemoryBytes;

    private void MakeRepresentative(int slot)
    {
        MarkRepresentative(slot);
        IndexBands(slot, 0, _bands);
        IndexPrefixes(slot);
    }

    /// <summary>Flags a slot as its key's representative and enters it in the exact table.</summary>
    private void MarkRepresentative(int slot)
    {
        _flags[slot] |= RepresentativeFlag;
        var exactBucket = (int)_exactHash[slot] & (_tableSize - 1);
        _exactNext[slot] = _exactHeads[exactBucket];
        _exactHeads[exactBucket] = slot;
    }

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

    /// <summary>Per-thread working space of a candidate lookup.</summary>
    internal sealed class CandidateScratch
    {
        public int[] Slots { get; } = new int[MaxColliders];

        public int[] Rank { get; } = new int[MaxColliders];

        public int[] Agreeing { get; } = new int[MaxColliders];

        private int[] _cursor = [];
        private uint[] _bandHash = [];
        private int[] _met = [];
        private int[] _metCount = [];

        public Span<int> Cursor(int length) => Sized(ref _cursor, length);

        public Span<uint> BandHash(int length) => Sized(ref _bandHash, length);

        public Span<int> Met(int length) => Sized(ref _met, length);

        public Span<int> MetCount(int length) => Sized(ref _metCount, length);

        private static Span<T> Sized<T>(ref T[] array, int length)
        {
            if (array.Length < length)
            {
                array = new T[length];
            }

            return array.AsSpan(0, length);
        }
    }
}
