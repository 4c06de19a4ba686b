using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using ForumApp.Core.Text;

namespace ForumApp.Core.Dedup;

/// <summary>
/// Computes what the index stores about one text: comparison key, preview body, exact hash, MinHash band hashes.
/// One builder per thread; its buffers are reused, so steady-state work allocates nothing.
/// </summary>
internal sealed class FeatureBuilder(MinHasher hasher)
{
    private char[] _key = new char[256];
    private char[] _body = new char[256];
    private readonly uint[] _signature = new uint[hasher.PaddedLength];

    public ReadOnlySpan<char> Key => _key.AsSpan(0, KeyLength);

    public int KeyLength { get; private set; }

    /// <summary>Length of the preview body within <see cref="Key"/> (the whole key when not truncated).</summary>
    public int BodyLength { get; private set; }

    public bool Truncated { get; private set; }

    public int NonSpaceBodyChars { get; private set; }

    public ulong ExactHash { get; private set; }

    public uint[] BandHashes { get; } = new uint[hasher.Bands];

    public byte[] Sketch { get; } = new byte[MinHasher.SketchLength];

    public void FromText(ReadOnlySpan<char> text)
    {
        KeyLength = Normalize(text, ref _key);
        // Markers are read on composed text: a decomposed (NFD) "더보기" is the same marker. Such texts are rare.
        var composed = text.ContainsAnyInRange('\u1100', '\u11FF') ? text.ToString().Normalize(NormalizationForm.FormC).AsSpan() : text;
        Truncated = TruncationMarkers.TryGetPreviewBody(composed, out var bodyChars);
        BodyLength = KeyLength;
        if (Truncated)
        {
            var bodyKeyLength = Normalize(composed[..bodyChars], ref _body);
            BodyLength = _key.AsSpan(0, KeyLength).CommonPrefixLength(_body.AsSpan(0, bodyKeyLength));
            if (BodyLength == 0)
            {
                Truncated = false;
                BodyLength = KeyLength;
            }
        }

        Hash();
    }

    public void FromKey(ReadOnlySpan<char> key, int bodyLength, bool truncated)
    {
        if (_key.Length < key.Length)
        {
            _key = new char[key.Length];
        }

        key.CopyTo(_key);
        KeyLength = key.Length;
        BodyLength = bodyLength;
        Truncated = truncated;
        Hash();
    }

    private void Hash()
    {
        var key = _key.AsSpan(0, KeyLength);
        ExactHash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key));
        var body = key[..BodyLength];
        NonSpaceBodyChars = body.Length - body.Count(' ');
        hasher.Compute(body, _signature);
        hasher.ComputeBands(_signature, BandHashes);
        MinHasher.ComputeSketch(_signature, Sketch);
    }

    private static int Normalize(ReadOnlySpan<char> text, ref char[] buffer)
    {
        if (buffer.Length < text.Length)
        {
            buffer = new char[Math.Max(text.Length, buffer.Length * 2)];
        }

        var length = TextNormalizer.TryFold(text, buffer);
        if (length >= 0)
        {
            return length;
        }

        // Decomposed Hangul, combining marks, rare scripts: the (allocating) NFC path.
        var nfc = text.ToString().Normalize(NormalizationForm.FormC);
        if (buffer.Length < nfc.Length)
        {
            buffer = new char[nfc.Length];
        }

        return TextNormalizer.Fold(nfc, buffer);
    }
}
