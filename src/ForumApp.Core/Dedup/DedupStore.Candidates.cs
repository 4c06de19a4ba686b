using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ForumApp.Core.Dedup;

/// <summary>The lookup half of <see cref="DedupStore"/>: which representatives may duplicate a staged text.</summary>
internal sealed partial class DedupStore
{
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
            // then counted band by band, the least crowded band first (below).
            var bands = _bands;
            Span<int> cursor = scratch.Cursor(bands);
            Span<uint> bandHash = scratch.BandHash(bands);
            Span<int> met = scratch.Met(bands * MaxChainSteps);
            Span<int> metCount = scratch.MetCount(bands);
            Span<int> matched = stackalloc int[bands]; // entries met with this text's band value (the chain's crowd)
            for (var b = 0; b < bands; b++)
            {
                var hash = (uint)(_band[(slot * bands) + b] >> 32);
                bandHash[b] = hash;
                metCount[b] = 0;
                matched[b] = 0;
                var head = _bandHeads[(b * _tableSize) + (int)(hash & (uint)mask)];
                while (head >= slot)
                {
                    head = (int)(uint)_band[(head * bands) + b]; // indexed after this text (same chunk): not a candidate
                }

                cursor[b] = head;
            }

            for (var step = 0; step < MaxChainSteps; step++)
            {
                if (step == MaxCrowdedChainSteps)
                {
                    // A chain whose every entry so far carried this text's band value is a crowded one (a value drawn
                    // from a stock phrase, shared by thousands): the rest of it is more of the same, each a cache miss.
                    for (var b = 0; b < bands; b++)
                    {
                        if (cursor[b] >= 0 && matched[b] == step)
                        {
                            cursor[b] = -1;
                        }
                    }
                }

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
                    var same = (uint)(entry >> 32) == bandHash[b] && candidate != slot;
                    met[(b * MaxChainSteps) + metCount[b]++] = same ? candidate : -1;
                    matched[b] += same ? 1 : 0;
                }

                if (!active)
                {
                    break;
                }
            }

            // Count the bands whose chains met the fewest texts with the same band value first: a band value shared by
            // many texts (a stock opener or closer) fills its chain with unrelated comments, and the single-band checks
            // below go to the colliders met first. A typo copy whose key words still share one rare band with its
            // source is then checked before two dozen comments that merely open alike.
            Span<int> order = stackalloc int[bands];
            for (var b = 0; b < bands; b++)
            {
                var at = b;
                while (at > 0 && matched[order[at - 1]] > matched[b])
                {
                    order[at] = order[at - 1];
                    at--;
                }

                order[at] = b;
            }

            foreach (var b in order)
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
