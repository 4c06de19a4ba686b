using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ForumApp.Core.Text;

/// <summary>A 64-bit fingerprint of a text's comparison key: equal for texts that differ only in normalization.</summary>
public static class ContentHash
{
    /// <summary>XxHash3 of the UTF-16 comparison key.</summary>
    public static long Of(string text) =>
        unchecked((long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(TextNormalizer.ToComparisonKey(text).AsSpan())));
}
