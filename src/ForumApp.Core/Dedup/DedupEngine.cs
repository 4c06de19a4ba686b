namespace ForumApp.Core.Dedup;

/// <summary>
/// The batch mode of the dedup engine (import, periodic scans). Features (comparison key, exact hash, MinHash band
/// hashes, sketch) are computed in parallel; texts are then clustered in input order, chunk by chunk (lookups and
/// verifications against the index before the chunk run in parallel), each text joining the cluster of an
/// earlier text only when it duplicates that cluster's canonical text itself, so clusters cannot chain through
/// stock phrases. The canonical text is the earliest complete (not truncated) member.
/// </summary>
/// <param name="options">Engine parameters; <see cref="DedupOptions.Default"/> when null.</param>
public sealed class DedupEngine(DedupOptions? options = null) : IDuplicateDetector
{
    private const int ChunkSize = 4096;
    private const int ProgressStep = 16384;
    private const int ClusterChunkSize = 4096;

    /// <summary>The parameters in use.</summary>
    public DedupOptions Options { get; } = options ?? DedupOptions.Default;

    /// <inheritdoc />
    public IReadOnlyList<DuplicateCluster> FindClusters(
        IReadOnlyList<string> texts,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) => Analyze(texts, progress, cancellationToken).Clusters;

    /// <summary>Scans <paramref name="texts"/> and returns clusters plus the relation of every text to its canonical.</summary>
    /// <param name="texts">The corpus; results refer to texts by their index here.</param>
    /// <param name="progress">Receives the number of texts indexed so far.</param>
    /// <param name="cancellationToken">Stops a long scan.</param>
    public DedupResult Analyze(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Analyze(texts.Count, [texts], progress, cancellationToken);
    }

    /// <summary>
    /// Scans <paramref name="count"/> texts that arrive a batch at a time, in order (a file read line by line): only
    /// the comparison keys are kept, so the caller need not hold every text as a string at once.
    /// </summary>
    /// <param name="count">How many texts the batches hold in all.</param>
    /// <param name="batches">The texts in order; results refer to them by their index in that order.</param>
    /// <param name="progress">Receives the number of texts indexed so far.</param>
    /// <param name="cancellationToken">Stops a long scan.</param>
    public DedupResult Analyze(int count, IEnumerable<IReadOnlyList<string>> batches, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(batches);
        Options.Validate();
        var started = DedupProfile.Now;
        var store = ComputeFeatures(count, batches, cancellationToken);
        if (DedupProfile.Enabled)
        {
            DedupProfile.FeatureTicks += DedupProfile.Now - started;
        }

        return Cluster(store, count, progress, cancellationToken);
    }

    private DedupStore ComputeFeatures(int n, IEnumerable<IReadOnlyList<string>> batches, CancellationToken cancellationToken)
    {
        var bands = Options.Bands;
        var keyHandle = new long[n];
        var keyLength = new int[n];
        var bodyLength = new int[n];
        var truncated = new byte[n];
        var exactHash = new ulong[n];
        // Band hashes go straight into the index's layout (hash in the high half, chain link later in the low half).
        var band = new ulong[Math.Max(n, 16) * (long)bands];
        var sketch = new byte[Math.Max(n, 16) * (long)MinHasher.SketchLength];
        var nonSpace = new int[n];
        // Word counts per thread (no contention), merged once all texts are counted.
        using var words = new ThreadLocal<WordCounts>(() => new WordCounts(), trackAllValues: true);
        var blocks = new List<char[]>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var offset = 0;
        foreach (var texts in batches)
        {
            var batchOffset = offset;
            var chunks = (texts.Count + ChunkSize - 1) / ChunkSize;
            if (batchOffset + texts.Count > n)
            {
                throw new ArgumentException("The batches hold more texts than the count given.", nameof(batches));
            }

            var firstBlock = blocks.Count;
            blocks.AddRange(new char[chunks][]);
            Parallel.For(
                0,
                chunks,
                parallel,
                () => new FeatureBuilder(new MinHasher(Options.ShingleSize, Options.Bands, Options.RowsPerBand)),
                (chunk, _, features) =>
                {
                    var from = chunk * ChunkSize;
                    var to = Math.Min(texts.Count, from + ChunkSize);
                    var counts = words.Value!;
                    var capacity = 0;
                    for (var t = from; t < to; t++)
                    {
                        capacity += (texts[t] ?? string.Empty).Length;
                    }

                    var block = new char[Math.Max(capacity, 16)];
                    var used = 0;
                    for (var t = from; t < to; t++)
                    {
                        var i = batchOffset + t;
                        features.FromText(texts[t] ?? string.Empty);
                        var key = features.Key;
                        if (used + key.Length > block.Length)
                        {
                            Array.Resize(ref block, Math.Max(block.Length * 2, used + key.Length));
                        }

                        key.CopyTo(block.AsSpan(used));
                        counts.Add(key, 1);
                        keyHandle[i] = ((long)(firstBlock + chunk) << 32) | (uint)used;
                        used += key.Length;
                        keyLength[i] = key.Length;
                        bodyLength[i] = features.BodyLength;
                        truncated[i] = features.Truncated ? (byte)1 : (byte)0;
                        nonSpace[i] = features.NonSpaceBodyChars;
                        exactHash[i] = features.ExactHash;
                        for (var b = 0; b < bands; b++)
                        {
                            band[((long)i * bands) + b] = (ulong)features.BandHashes[b] << 32;
                        }

                        features.Sketch.CopyTo(sketch.AsSpan(i * MinHasher.SketchLength));
                    }

                    blocks[firstBlock + chunk] = block;
                    return features;
                },
                _ => { });
            offset += texts.Count;
        }

        if (offset != n)
        {
            throw new ArgumentException("The batches hold fewer texts than the count given.", nameof(batches));
        }

        var allWords = new WordCounts();
        foreach (var counted in words.Values)
        {
            allWords.MergeFrom(counted);
        }

        return new DedupStore(Options, n, new CharArena(blocks), keyHandle, keyLength, bodyLength, truncated, exactHash, band, sketch, nonSpace, allWords);
    }

    private DedupResult Cluster(DedupStore store, int n, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var clusterOf = new int[n];
        Array.Fill(clusterOf, -1);
        var memberKind = new byte[n];
        var memberScore = new float[n];
        var nextMember = new int[n];
        var canonical = new List<int>();
        var head = new List<int>();
        var tail = new List<int>();
        var switched = new List<bool>();
        var triedFor = new int[n];

        int Root(int slot) => clusterOf[slot] >= 0 ? canonical[clusterOf[slot]] : slot;

        void Join(int item, int target, DuplicateKind kind, double score)
        {
            var cluster = clusterOf[target];
            if (cluster < 0)
            {
                cluster = canonical.Count;
                canonical.Add(target);
                head.Add(target);
                tail.Add(target);
                switched.Add(false);
                clusterOf[target] = cluster;
                memberKind[target] = (byte)DuplicateKind.Exact;
                memberScore[target] = 1;
                nextMember[target] = -1;
            }

            clusterOf[item] = cluster;
            memberKind[item] = (byte)kind;
            memberScore[item] = (float)score;
            nextMember[item] = -1;
            nextMember[tail[cluster]] = item;
            tail[cluster] = item;
            if (store.IsTruncated(canonical[cluster]) && !store.IsTruncated(item))
            {
                // The earliest complete text becomes canonical; members are re-verified against it at the end.
                canonical[cluster] = item;
                switched[cluster] = true;
            }
        }

        // Chunks of texts. In order, each text of the chunk finds its exact representative and is committed (only the
        // exact table knows it yet); then the chunk's representatives enter the similarity tables at once (bands split
        // between threads); then every text of the chunk looks up its candidates among the texts before it and
        // verifies itself against each candidate's canonical as of the chunk's start, in parallel (the index and the
        // clusters are only read); last, in order, each text redoes a verification whose canonical has changed since,
        // and joins its best cluster. Results do not depend on the number of threads.
        var max = Options.MaxCandidates;
        var preRepresentative = new int[ClusterChunkSize];
        var preTarget = new int[ClusterChunkSize];
        var preRelated = new bool[ClusterChunkSize];
        var preCount = new int[ClusterChunkSize];
        var preCandidate = new int[ClusterChunkSize * max];
        var preRoot = new int[ClusterChunkSize * max];
        var preKind = new DuplicateKind[ClusterChunkSize * max];
        var preScore = new double[ClusterChunkSize * max];
        var preOk = new bool[ClusterChunkSize * max];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        for (var chunkStart = 0; chunkStart < n; chunkStart += ClusterChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunkEnd = Math.Min(n, chunkStart + ClusterChunkSize);
            var from = chunkStart;
            var phaseStarted = DedupProfile.Now;
            for (var i = chunkStart; i < chunkEnd; i++)
            {
                var representative = store.KeyOf(i).IsEmpty ? -1 : store.FindRepresentative(i);
                preRepresentative[i - chunkStart] = representative;
                store.CommitDeferred(i, representative);
            }

            store.IndexSimilarity(chunkStart, chunkEnd, parallel);
            if (DedupProfile.Enabled)
            {
                DedupProfile.SequentialPhaseTicks += DedupProfile.Now - phaseStarted;
            }

            phaseStarted = DedupProfile.Now;
            Parallel.For(
                0,
                (chunkEnd - from + 255) / 256,
                parallel,
                () => (Scratch: new DedupStore.CandidateScratch(), Candidates: new int[max]),
                (part, _, local) =>
                {
                    for (var i = from + (part * 256); i < Math.Min(chunkEnd, from + ((part + 1) * 256)); i++)
                    {
                        var k = i - from;
                        preCount[k] = 0;
                        if (store.KeyOf(i).IsEmpty)
                        {
                            continue;
                        }

                        // Texts of this chunk have no cluster yet: their own slot stands for their canonical until the
                        // in-order pass, which verifies again where that changed.
                        int RootNow(int slot) => slot >= from ? slot : Root(slot);

                        var representative = preRepresentative[k];
                        if (representative >= 0)
                        {
                            var target = RootNow(representative);
                            preTarget[k] = target;
                            preRelated[k] = target == representative || store.KeyOf(target).SequenceEqual(store.KeyOf(i));
                            if (!preRelated[k] && store.TryRelate(i, target, out var kind, out var score))
                            {
                                preRelated[k] = true;
                                preKind[k * max] = kind;
                                preScore[k * max] = score;
                            }
                            else
                            {
                                preKind[k * max] = DuplicateKind.Exact;
                                preScore[k * max] = 1;
                            }

                            continue;
                        }

                        var found = store.CollectCandidates(i, local.Candidates, local.Scratch);
                        var count = 0;
                        for (var c = 0; c < found; c++)
                        {
                            var candidate = local.Candidates[c];
                            var root = RootNow(candidate);
                            if (preRoot.AsSpan(k * max, count).Contains(root))
                            {
                                continue;
                            }

                            var at = (k * max) + count++;
                            preCandidate[at] = candidate;
                            preRoot[at] = root;
                            preOk[at] = store.TryRelate(i, root, out preKind[at], out preScore[at]);
                        }

                        preCount[k] = count;
                    }

                    return local;
                },
                _ => { });

            if (DedupProfile.Enabled)
            {
                DedupProfile.ParallelPhaseTicks += DedupProfile.Now - phaseStarted;
            }

            phaseStarted = DedupProfile.Now;
            for (var i = chunkStart; i < chunkEnd; i++)
            {
                if (i % ProgressStep == 0 && i > 0)
                {
                    progress?.Report(i);
                }

                var k = i - chunkStart;
                if (store.KeyOf(i).IsEmpty)
                {
                    continue;
                }

                var representative = preRepresentative[k];
                if (representative >= 0)
                {
                    var target = Root(representative);
                    if (target == preTarget[k])
                    {
                        if (preRelated[k])
                        {
                            Join(i, target, preKind[k * max], preScore[k * max]);
                        }
                    }
                    else if (target == representative || store.KeyOf(target).SequenceEqual(store.KeyOf(i)))
                    {
                        Join(i, target, DuplicateKind.Exact, 1);
                    }
                    else if (store.TryRelate(i, target, out var kind, out var score))
                    {
                        Join(i, target, kind, score);
                    }

                    continue;
                }

                var best = -1;
                var bestKind = DuplicateKind.Exact;
                var bestScore = 0.0;

                // Ties go to the earliest cluster, except between two texts a preview is (equally) the start of: a
                // comment and a later one that changes a word after the cut. No reader can tell which one was cut;
                // the newer is the likelier, as copies and previews mostly follow their text closely.
                void Consider(int target, bool related, DuplicateKind kind, double score)
                {
                    var newerWins = kind == DuplicateKind.Contained && bestKind == DuplicateKind.Contained;
                    if (related && (best < 0 || score > bestScore || (score == bestScore && (newerWins ? target > best : target < best))))
                    {
                        best = target;
                        bestKind = kind;
                        bestScore = score;
                    }
                }

                for (var c = 0; c < preCount[k]; c++)
                {
                    var at = (k * max) + c;
                    var target = Root(preCandidate[at]);
                    if (triedFor[target] == i + 1)
                    {
                        continue;
                    }

                    triedFor[target] = i + 1;
                    if (target == preRoot[at])
                    {
                        Consider(target, preOk[at], preKind[at], preScore[at]);
                    }
                    else
                    {
                        // The candidate joined a cluster, or its cluster got a new (complete) canonical, during this
                        // chunk: verify against the canonical now.
                        var related = store.TryRelate(i, target, out var kind, out var score);
                        Consider(target, related, kind, score);
                    }
                }

                if (best >= 0)
                {
                    Join(i, best, bestKind, bestScore);
                }
            }

            if (DedupProfile.Enabled)
            {
                DedupProfile.SequentialPhaseTicks += DedupProfile.Now - phaseStarted;
            }
        }

        progress?.Report(n);
        return Collect(store, n, clusterOf, memberKind, memberScore, nextMember, canonical, head, switched);
    }

    private static DedupResult Collect(
        DedupStore store, int n, int[] clusterOf, byte[] memberKind, float[] memberScore, int[] nextMember,
        List<int> canonical, List<int> head, List<bool> switched)
    {
        var canonicalOf = new int[n];
        Array.Fill(canonicalOf, -1);
        var clusters = new List<DuplicateCluster>(canonical.Count);
        var members = new List<int>();
        for (var cl = 0; cl < canonical.Count; cl++)
        {
            var root = canonical[cl];
            members.Clear();
            var weakest = DuplicateKind.Exact;
            var lowest = 1.0;
            for (var m = head[cl]; m >= 0; m = nextMember[m])
            {
                if (m != root)
                {
                    if (switched[cl])
                    {
                        if (!store.TryRelate(m, root, out var kind, out var score))
                        {
                            memberKind[m] = 0;
                            memberScore[m] = 0;
                            continue; // related only to the old, truncated canonical: not kept
                        }

                        memberKind[m] = (byte)kind;
                        memberScore[m] = (float)score;
                    }

                    weakest = (DuplicateKind)Math.Max((int)weakest, memberKind[m]);
                    lowest = Math.Min(lowest, memberScore[m]);
                }
                else
                {
                    memberKind[m] = (byte)DuplicateKind.Exact;
                    memberScore[m] = 1;
                }

                members.Add(m);
            }

            if (members.Count < 2)
            {
                continue;
            }

            foreach (var m in members)
            {
                canonicalOf[m] = root;
            }

            clusters.Add(new DuplicateCluster(root, [.. members], weakest, Math.Round(lowest, 4)));
        }

        clusters.Sort(static (a, b) => a.Canonical.CompareTo(b.Canonical));
        for (var i = 0; i < n; i++)
        {
            if (canonicalOf[i] < 0)
            {
                memberKind[i] = 0;
                memberScore[i] = 0;
            }
        }

        return new DedupResult(clusters, canonicalOf, memberKind, memberScore);
    }
}
