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
        Options.Validate();
        var started = DedupProfile.Now;
        var store = ComputeFeatures(texts, cancellationToken);
        if (DedupProfile.Enabled)
        {
            DedupProfile.FeatureTicks += DedupProfile.Now - started;
        }

        return Cluster(store, texts.Count, progress, cancellationToken);
    }

    private DedupStore ComputeFeatures(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var n = texts.Count;
        var bands = Options.Bands;
        var keyHandle = new long[n];
        var keyLength = new int[n];
        var bodyLength = new int[n];
        var truncated = new byte[n];
        var exactHash = new ulong[n];
        var bandHash = new uint[(long)n * bands];
        var sketch = new byte[(long)n * MinHasher.SketchLength];
        var nonSpace = new int[n];
        var chunks = (n + ChunkSize - 1) / ChunkSize;
        var blocks = new char[chunks][];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(
            0,
            chunks,
            parallel,
            () => new FeatureBuilder(new MinHasher(Options.ShingleSize, Options.Bands, Options.RowsPerBand)),
            (chunk, _, features) =>
            {
                var from = chunk * ChunkSize;
                var to = Math.Min(n, from + ChunkSize);
                var capacity = 0;
                for (var i = from; i < to; i++)
                {
                    capacity += (texts[i] ?? string.Empty).Length;
                }

                var block = new char[Math.Max(capacity, 16)];
                var used = 0;
                for (var i = from; i < to; i++)
                {
                    features.FromText(texts[i] ?? string.Empty);
                    var key = features.Key;
                    if (used + key.Length > block.Length)
                    {
                        Array.Resize(ref block, Math.Max(block.Length * 2, used + key.Length));
                    }

                    key.CopyTo(block.AsSpan(used));
                    keyHandle[i] = ((long)chunk << 32) | (uint)used;
                    used += key.Length;
                    keyLength[i] = key.Length;
                    bodyLength[i] = features.BodyLength;
                    truncated[i] = features.Truncated ? (byte)1 : (byte)0;
                    nonSpace[i] = features.NonSpaceBodyChars;
                    exactHash[i] = features.ExactHash;
                    features.BandHashes.CopyTo(bandHash.AsSpan(i * bands, bands));
                    features.Sketch.CopyTo(sketch.AsSpan(i * MinHasher.SketchLength));
                }

                blocks[chunk] = block;
                return features;
            },
            _ => { });

        return new DedupStore(Options, n, new CharArena([.. blocks]), keyHandle, keyLength, bodyLength, truncated, exactHash, bandHash, sketch, nonSpace);
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
        var candidates = new int[Options.MaxCandidates];
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

        // Chunks of texts: first every text of the chunk is looked up against the index as it stood before the chunk
        // and verified against its candidates' canonicals, in parallel (the index and clusters are only read);
        // then, in input order, each text also looks up the texts of its own chunk indexed before it (the chains
        // stop at the chunk start, so that walk is short), redoes a verification whose canonical has changed meanwhile,
        // joins its best cluster and is indexed. Results do not depend on the number of threads.
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
        var sequentialScratch = new DedupStore.CandidateScratch();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        for (var chunkStart = 0; chunkStart < n; chunkStart += ClusterChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunkEnd = Math.Min(n, chunkStart + ClusterChunkSize);
            var from = chunkStart;
            var phaseStarted = DedupProfile.Now;
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
                        preRepresentative[k] = -1;
                        if (store.KeyOf(i).IsEmpty)
                        {
                            continue;
                        }

                        var representative = store.FindRepresentative(i);
                        preRepresentative[k] = representative;
                        if (representative >= 0)
                        {
                            var target = Root(representative);
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

                        var found = store.CollectCandidates(i, local.Candidates, local.Scratch, 0);
                        var count = 0;
                        for (var c = 0; c < found; c++)
                        {
                            var candidate = local.Candidates[c];
                            var root = Root(candidate);
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
                    store.Commit(i, -1);
                    continue;
                }

                var representative = preRepresentative[k] >= 0 ? preRepresentative[k] : store.FindRepresentative(i);
                if (representative >= 0)
                {
                    var target = Root(representative);
                    if (representative == preRepresentative[k] && target == preTarget[k])
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

                    store.Commit(i, representative);
                    continue;
                }

                var best = -1;
                var bestKind = DuplicateKind.Exact;
                var bestScore = 0.0;

                void Consider(int target, bool related, DuplicateKind kind, double score)
                {
                    if (related && (best < 0 || score > bestScore || (score == bestScore && target < best)))
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
                        // The cluster got a new (complete) canonical during this chunk: verify against it.
                        var related = store.TryRelate(i, target, out var kind, out var score);
                        Consider(target, related, kind, score);
                    }
                }

                var local = store.CollectCandidates(i, candidates, sequentialScratch, chunkStart);
                for (var c = 0; c < local; c++)
                {
                    var target = Root(candidates[c]);
                    if (triedFor[target] == i + 1)
                    {
                        continue;
                    }

                    triedFor[target] = i + 1;
                    var related = store.TryRelate(i, target, out var kind, out var score);
                    Consider(target, related, kind, score);
                }

                if (best >= 0)
                {
                    Join(i, best, bestKind, bestScore);
                }

                store.Commit(i, -1);
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
