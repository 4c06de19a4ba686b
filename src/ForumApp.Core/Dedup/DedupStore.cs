namespace ForumApp.Core.Dedup;

/// <summary>
/// The index both modes share: per-text features in flat arrays (slot = insertion order), an exact-key hash table,
/// LSH band tables over MinHash signatures and two prefix tables for truncated previews.
/// Only one text per distinct key (the representative) enters the similarity tables: exact copies hang off it.
/// Not thread-safe; <see cref="DuplicateIndex"/> serialises access. In four files: this one (the arrays, staging,
/// commits, removal, relating two texts), <c>.Candidates</c> (the lookup), <c>.Recent</c> (recent short texts) and
/// <c>.Indexing</c> (entering representatives in the tables, growth and rehashing).
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

    /// <summary>Steps after which a band chain that met only texts with the same band value is left (it is crowded).</summary>
    private const int MaxCrowdedChainSteps = 12;

    // Sketch agreement (of 64 bytes) an LSH candidate needs. Measured on the labelled corpora (100,000 lines, both
    // vocabularies, `corpus --profile --histogram`): every verified near duplicate agreed on 31 or more (36 or more on
    // the varied corpus), unrelated collisions peak at 13-15; a preview shares only its body's shingles with the full
    // text (Jaccard ~ body / full length), so pairs with a preview need 12. 24 since round 4 of issue 13 (28 before):
    // re-posts with three slips that share one band with their source agreed on 24-27 at a million Korean comments.
    private const int MinSketchMatches = 24;
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
}
