using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ForumApp.Core.Dedup;

/// <summary>
/// MinHash signatures over character n-gram shingles of a comparison key, and LSH band hashes of them.
/// Each shingle is hashed once; the K permutations are K seeded 32-bit mixes evaluated a SIMD vector at a time.
/// </summary>
internal sealed class MinHasher
{
    private readonly uint[] _seeds;
    private readonly uint[] _multipliers;

    public MinHasher(int shingleSize, int bands, int rowsPerBand)
    {
        ShingleSize = shingleSize;
        Bands = bands;
        RowsPerBand = rowsPerBand;
        SignatureLength = bands * rowsPerBand;
        // Padded to whole vectors, and to the sketch's 64 values at least (fewer bands than 64 values fill keep the
        // sketch and the eight-vector path); the padding lanes are computed like the others.
        PaddedLength = Math.Max(SketchLength, (SignatureLength + Vector<uint>.Count - 1) / Vector<uint>.Count * Vector<uint>.Count);
        _seeds = new uint[PaddedLength];
        _multipliers = new uint[PaddedLength];
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < _seeds.Length; i++)
        {
            state = SplitMix64(ref state);
            _seeds[i] = (uint)(state >> 32);
            _multipliers[i] = (uint)state | 1; // odd: a bijection of 32-bit values
        }
    }

    public int ShingleSize { get; }

    public int Bands { get; }

    public int RowsPerBand { get; }

    public int SignatureLength { get; }

    /// <summary>Length a signature buffer needs (a whole number of SIMD vectors).</summary>
    public int PaddedLength { get; }

    /// <summary>Computes the MinHash signature of <paramref name="key"/> (spaces skipped) into <paramref name="signature"/>.</summary>
    public void Compute(ReadOnlySpan<char> key, Span<uint> signature)
    {
        if (PaddedLength == 8 * Vector<uint>.Count)
        {
            ComputeEight(key, signature);
            return;
        }

        signature = signature[..PaddedLength];
        signature.Fill(uint.MaxValue);
        var sig = MemoryMarshal.Cast<uint, Vector<uint>>(signature);
        var seeds = MemoryMarshal.Cast<uint, Vector<uint>>(_seeds);
        var multipliers = MemoryMarshal.Cast<uint, Vector<uint>>(_multipliers);
        ulong window = 0;
        var filled = 0;
        var n = ShingleSize;
        var mask = n == 4 ? ulong.MaxValue : (1UL << (16 * n)) - 1;
        foreach (var c in key)
        {
            if (c == ' ')
            {
                continue;
            }

            window = ((window << 16) | c) & mask;
            if (++filled < n)
            {
                continue;
            }

            var x = new Vector<uint>(ShingleHash(window));
            for (var v = 0; v < sig.Length; v++)
            {
                sig[v] = Vector.Min(sig[v], Mix(x ^ seeds[v], multipliers[v]));
            }
        }

        if (filled > 0 && filled < n)
        {
            // Shorter than one shingle: the whole text is the only shingle.
            var x = new Vector<uint>(ShingleHash(window | (1UL << 63)));
            for (var v = 0; v < sig.Length; v++)
            {
                sig[v] = Vector.Min(sig[v], Mix(x ^ seeds[v], multipliers[v]));
            }
        }
    }

    /// <summary>
    /// <see cref="Compute"/> for the default shape (64 values = 8 AVX2 vectors): the running minima and the seeds stay
    /// in registers instead of being loaded and stored for every shingle (about twice as fast).
    /// </summary>
    private void ComputeEight(ReadOnlySpan<char> key, Span<uint> signature)
    {
        var seeds = MemoryMarshal.Cast<uint, Vector<uint>>(_seeds);
        var s0 = seeds[0]; var s1 = seeds[1]; var s2 = seeds[2]; var s3 = seeds[3];
        var s4 = seeds[4]; var s5 = seeds[5]; var s6 = seeds[6]; var s7 = seeds[7];
        var multipliers = MemoryMarshal.Cast<uint, Vector<uint>>(_multipliers);
        var c0 = multipliers[0]; var c1 = multipliers[1]; var c2 = multipliers[2]; var c3 = multipliers[3];
        var c4 = multipliers[4]; var c5 = multipliers[5]; var c6 = multipliers[6]; var c7 = multipliers[7];
        var max = new Vector<uint>(uint.MaxValue);
        Vector<uint> m0 = max, m1 = max, m2 = max, m3 = max, m4 = max, m5 = max, m6 = max, m7 = max;
        ulong window = 0;
        var filled = 0;
        var n = ShingleSize;
        var mask = n == 4 ? ulong.MaxValue : (1UL << (16 * n)) - 1;
        foreach (var c in key)
        {
            if (c == ' ')
            {
                continue;
            }

            window = ((window << 16) | c) & mask;
            if (++filled < n)
            {
                continue;
            }

            var x = new Vector<uint>(ShingleHash(window));
            m0 = Vector.Min(m0, Mix(x ^ s0, c0)); m1 = Vector.Min(m1, Mix(x ^ s1, c1));
            m2 = Vector.Min(m2, Mix(x ^ s2, c2)); m3 = Vector.Min(m3, Mix(x ^ s3, c3));
            m4 = Vector.Min(m4, Mix(x ^ s4, c4)); m5 = Vector.Min(m5, Mix(x ^ s5, c5));
            m6 = Vector.Min(m6, Mix(x ^ s6, c6)); m7 = Vector.Min(m7, Mix(x ^ s7, c7));
        }

        if (filled > 0 && filled < n)
        {
            var x = new Vector<uint>(ShingleHash(window | (1UL << 63)));
            m0 = Vector.Min(m0, Mix(x ^ s0, c0)); m1 = Vector.Min(m1, Mix(x ^ s1, c1));
            m2 = Vector.Min(m2, Mix(x ^ s2, c2)); m3 = Vector.Min(m3, Mix(x ^ s3, c3));
            m4 = Vector.Min(m4, Mix(x ^ s4, c4)); m5 = Vector.Min(m5, Mix(x ^ s5, c5));
            m6 = Vector.Min(m6, Mix(x ^ s6, c6)); m7 = Vector.Min(m7, Mix(x ^ s7, c7));
        }

        var sig = MemoryMarshal.Cast<uint, Vector<uint>>(signature[..PaddedLength]);
        sig[0] = m0; sig[1] = m1; sig[2] = m2; sig[3] = m3; sig[4] = m4; sig[5] = m5; sig[6] = m6; sig[7] = m7;
    }

    /// <summary>
    /// One permutation per lane: (shingle hash ^ seed) × odd multiplier, then an xor-shift so the high bits (which
    /// decide the minimum) depend on all input bits. The shingle hash is already a 64-bit avalanche, so one multiply
    /// per lane suffices; murmur3's fmix32 (two multiplies, three shifts) cost twice as much for the same quality.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Mix(Vector<uint> h, Vector<uint> multiplier)
    {
        h *= multiplier;
        return h ^ Vector.ShiftRightLogical(h, 15);
    }

    /// <summary>Bytes in a text's sketch: one b-bit (8-bit) MinHash value per byte.</summary>
    public const int SketchLength = 64;

    /// <summary>
    /// The compact sketch of a signature: the low 8 bits of 64 MinHash values (b-bit MinHash). Two sketches agree in a
    /// byte with probability J + (1 - J) / 256 for shingle-set Jaccard J, so the count of equal bytes estimates J.
    /// </summary>
    public static void ComputeSketch(ReadOnlySpan<uint> signature, Span<byte> sketch)
    {
        for (var i = 0; i < SketchLength; i++)
        {
            sketch[i] = (byte)signature[i];
        }
    }

    /// <summary>How many of the <see cref="SketchLength"/> sketch bytes agree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SketchMatches(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var a0 = Vector256.Create(a);
            var a1 = Vector256.Create(a[32..]);
            var b0 = Vector256.Create(b);
            var b1 = Vector256.Create(b[32..]);
            var equal = ((ulong)Vector256.Equals(a1, b1).ExtractMostSignificantBits() << 32)
                | Vector256.Equals(a0, b0).ExtractMostSignificantBits();
            return BitOperations.PopCount(equal);
        }

        var count = 0;
        for (var i = 0; i < SketchLength; i++)
        {
            count += a[i] == b[i] ? 1 : 0;
        }

        return count;
    }

    /// <summary>Hashes each band of <paramref name="signature"/> to one 32-bit value.</summary>
    public void ComputeBands(ReadOnlySpan<uint> signature, Span<uint> bandHashes)
    {
        var r = RowsPerBand;
        for (var b = 0; b < Bands; b++)
        {
            var h = 0x27D4EB2F165667C5UL * (ulong)(b + 1);
            var rows = signature.Slice(b * r, r);
            foreach (var value in rows)
            {
                h = BitOperations.RotateLeft((h ^ value) * 0x9E3779B97F4A7C15UL, 29);
            }

            bandHashes[b] = (uint)(Avalanche(h) >> 32);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ShingleHash(ulong window) => (uint)(Avalanche(window) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
