namespace ForumApp.Core.Dedup;

/// <summary>
/// Comparison keys packed into large char blocks: one object per megabyte of text instead of one string per key.
/// A handle is (block index &lt;&lt; 32) | offset.
/// </summary>
internal sealed class CharArena
{
    private const int BlockSize = 1 << 20;
    private readonly List<char[]> _blocks = [];
    private int _used = BlockSize;

    public CharArena()
    {
    }

    /// <summary>Adopts blocks filled elsewhere (the batch engine fills one block per chunk in parallel).</summary>
    public CharArena(List<char[]> blocks)
    {
        _blocks = blocks;
        _used = BlockSize; // never append into an adopted block
    }

    public long MemoryBytes => _blocks.Sum(b => (long)b.Length * 2);

    public long Append(ReadOnlySpan<char> text)
    {
        if (_blocks.Count == 0 || _used + text.Length > _blocks[^1].Length)
        {
            _blocks.Add(new char[Math.Max(BlockSize, text.Length)]);
            _used = 0;
        }

        var handle = ((long)(_blocks.Count - 1) << 32) | (uint)_used;
        text.CopyTo(_blocks[^1].AsSpan(_used));
        _used += text.Length;
        return handle;
    }

    /// <summary>Takes back the most recent append (a staged text that was checked but not added).</summary>
    public void Unappend(long handle)
    {
        if ((int)(handle >> 32) == _blocks.Count - 1)
        {
            _used = (int)(uint)handle;
        }
    }

    public ReadOnlySpan<char> Get(long handle, int length) =>
        _blocks[(int)(handle >> 32)].AsSpan((int)(uint)handle, length);
}
