namespace ForumApp.Core.Dedup;

/// <summary>A flat multimap from 64-bit hashes to slots: open heads array plus entry chains, no per-entry objects.</summary>
internal sealed class ChainTable
{
    private int[] _heads = [];
    private ulong[] _hashes = new ulong[16];
    private int[] _slots = new int[16];
    private int[] _next = new int[16];
    private int _count;

    public ChainTable(int expectedEntries = 0)
    {
        var entries = Math.Max(16, expectedEntries);
        _hashes = new ulong[entries];
        _slots = new int[entries];
        _next = new int[entries];
        Rehash((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)entries));
    }

    public long MemoryBytes => (_heads.Length * 4L) + (_hashes.Length * 16L);

    public void Add(ulong hash, int slot)
    {
        if (_count == _hashes.Length)
        {
            var size = _count * 2;
            Array.Resize(ref _hashes, size);
            Array.Resize(ref _slots, size);
            Array.Resize(ref _next, size);
        }

        if (_count >= _heads.Length)
        {
            Rehash(_heads.Length * 2);
        }

        var bucket = (int)(hash & (uint)(_heads.Length - 1));
        _hashes[_count] = hash;
        _slots[_count] = slot;
        _next[_count] = _heads[bucket];
        _heads[bucket] = _count++;
    }

    /// <summary>The first entry in the chain for <paramref name="hash"/>, or -1. Chains hold other hashes too: compare <see cref="HashAt"/>.</summary>
    public int First(ulong hash) => _heads[(int)(hash & (uint)(_heads.Length - 1))];

    /// <summary>
    /// <see cref="First"/>, past the entries at the front of the chain for slots at or after <paramref name="slot"/>
    /// (indexed after it; chains list entries newest first).
    /// </summary>
    public int FirstBefore(ulong hash, int slot)
    {
        var e = First(hash);
        while (e >= 0 && _slots[e] >= slot)
        {
            e = _next[e];
        }

        return e;
    }

    public int Next(int entry) => _next[entry];

    public ulong HashAt(int entry) => _hashes[entry];

    public int SlotAt(int entry) => _slots[entry];

    private void Rehash(int size)
    {
        _heads = new int[size];
        Array.Fill(_heads, -1);
        for (var e = 0; e < _count; e++)
        {
            var bucket = (int)(_hashes[e] & (uint)(size - 1));
            _next[e] = _heads[bucket];
            _heads[bucket] = e;
        }
    }
}
