using System.Runtime.InteropServices;

namespace ForumApp.Core.Dedup;

/// <summary>
/// The online mode of the dedup engine: check a new comment against everything indexed, then add it.
/// Exact matches come from a hash of the comparison key, near duplicates from MinHash/LSH candidates verified by
/// edit similarity and the negation and key-word guards, truncated previews from a prefix index.
/// All members are safe to call from several threads (calls are serialised); <see cref="Check"/> followed by
/// <see cref="Add"/> of the same string reuses the work of the check.
/// </summary>
public sealed class DuplicateIndex
{
    private const int Magic = 0x58444146; // "FADX"
    private const int FormatVersion = 1;

    private readonly Lock _lock = new();
    private readonly DedupStore _store;
    private readonly FeatureBuilder _features;
    private readonly Dictionary<long, int> _slotById = [];
    private readonly int[] _candidates;
    private readonly List<(int Slot, DuplicateKind Kind, double Score)> _matches = [];
    private long[] _ids = new long[16];
    private string? _stagedText;
    private int _stagedSlot = -1;

    /// <summary>Creates an empty index.</summary>
    /// <param name="options">Engine parameters; <see cref="DedupOptions.Default"/> when null.</param>
    /// <param name="capacity">Expected number of texts, to size the tables once.</param>
    public DuplicateIndex(DedupOptions? options = null, int capacity = 1024)
    {
        Options = options ?? DedupOptions.Default;
        Options.Validate();
        _store = new DedupStore(Options, capacity);
        _features = new FeatureBuilder(_store.Hasher);
        _candidates = new int[Options.MaxCandidates];
    }

    /// <summary>The parameters the index was built with.</summary>
    public DedupOptions Options { get; }

    /// <summary>Number of texts in the index.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _store.LiveCount;
            }
        }
    }

    /// <summary>Approximate memory held by the index, in bytes (keys, features and tables; not the id map).</summary>
    public long MemoryBytes
    {
        get
        {
            lock (_lock)
            {
                return _store.MemoryBytes + (_ids.Length * 8L);
            }
        }
    }

    /// <summary>
    /// Finds indexed texts that <paramref name="text"/> duplicates: exact copies first, then by descending score.
    /// At most <see cref="DedupOptions.MaxMatches"/> are returned; an empty list means the text is new.
    /// </summary>
    public IReadOnlyList<DuplicateMatch> Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            var slot = Stage(text);
            var representative = _store.FindRepresentative(slot);
            var matches = _matches; // reused under the lock: no list per call
            matches.Clear();
            for (var s = representative; s >= 0 && matches.Count < Options.MaxMatches; s = _store.NextSameKey(s))
            {
                if (_store.IsLive(s))
                {
                    matches.Add((s, DuplicateKind.Exact, 1.0));
                }
            }

            var found = _store.CollectCandidates(slot, _candidates);
            for (var i = 0; i < found; i++)
            {
                var candidate = _candidates[i];
                if (candidate != representative && _store.TryRelate(slot, candidate, out var kind, out var score))
                {
                    matches.Add((candidate, kind, score));
                }
            }

            matches.Sort(static (x, y) =>
                x.Kind == DuplicateKind.Exact != (y.Kind == DuplicateKind.Exact) ? (x.Kind == DuplicateKind.Exact ? -1 : 1)
                : y.Score != x.Score ? y.Score.CompareTo(x.Score)
                : x.Slot.CompareTo(y.Slot));
            var count = Math.Min(matches.Count, Options.MaxMatches);
            if (count == 0)
            {
                return []; // the common case (a new text): the shared empty array
            }

            var result = new DuplicateMatch[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = new DuplicateMatch(_ids[matches[i].Slot], matches[i].Kind, matches[i].Score);
            }

            return result;
        }
    }

    /// <summary>Adds a text under <paramref name="id"/>. The id must not be in the index already.</summary>
    /// <exception cref="ArgumentException">The id is already indexed.</exception>
    public void Add(long id, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            if (_slotById.ContainsKey(id))
            {
                throw new ArgumentException($"Id {id} is already in the index.", nameof(id));
            }

            var slot = ReferenceEquals(text, _stagedText) && _stagedSlot == _store.Count ? _stagedSlot : Stage(text);
            CommitStaged(id, slot);
        }
    }

    /// <summary>Checks <paramref name="text"/> and then adds it: the posting path in one call.</summary>
    public IReadOnlyList<DuplicateMatch> CheckAndAdd(long id, string text)
    {
        lock (_lock)
        {
            var matches = Check(text);
            Add(id, text);
            return matches;
        }
    }

    /// <summary>Removes the text added under <paramref name="id"/>; false when there is none.</summary>
    public bool Remove(long id)
    {
        lock (_lock)
        {
            DropStaged();
            if (!_slotById.Remove(id, out var slot))
            {
                return false;
            }

            _store.Kill(slot);
            return true;
        }
    }

    /// <summary>True when a text is indexed under <paramref name="id"/>.</summary>
    public bool Contains(long id)
    {
        lock (_lock)
        {
            return _slotById.ContainsKey(id);
        }
    }

    /// <summary>
    /// Writes a compact snapshot (ids, comparison keys and preview bodies; not the original texts) to
    /// <paramref name="stream"/>. <see cref="Load"/> rebuilds the tables from it without normalizing again.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_lock)
        {
            DropStaged();
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Options.ShingleSize);
            writer.Write(Options.Bands);
            writer.Write(Options.RowsPerBand);
            writer.Write(Options.MinNearChars);
            writer.Write(Options.MinNearSimilarity);
            writer.Write(Options.MinContainedChars);
            writer.Write(Options.MaxCandidates);
            writer.Write(Options.MaxMatches);
            writer.Write(_store.LiveCount);
            for (var slot = 0; slot < _store.Count; slot++)
            {
                if (!_store.IsLive(slot))
                {
                    continue;
                }

                var key = _store.KeyOf(slot);
                writer.Write(_ids[slot]);
                writer.Write(key.Length);
                writer.Write(_store.BodyLengthOf(slot));
                writer.Write(_store.IsTruncated(slot));
                writer.Write(MemoryMarshal.AsBytes(key));
            }
        }
    }

    /// <summary>Reads a snapshot written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a snapshot of this format.</exception>
    public static DuplicateIndex Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not a ForumApp duplicate index snapshot (or an unsupported version).");
        }

        var options = new DedupOptions
        {
            ShingleSize = reader.ReadInt32(),
            Bands = reader.ReadInt32(),
            RowsPerBand = reader.ReadInt32(),
            MinNearChars = reader.ReadInt32(),
            MinNearSimilarity = reader.ReadDouble(),
            MinContainedChars = reader.ReadInt32(),
            MaxCandidates = reader.ReadInt32(),
            MaxMatches = reader.ReadInt32(),
        };
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("Corrupt duplicate index snapshot.");
        }

        var index = new DuplicateIndex(options, count);
        var buffer = new char[256];
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadInt64();
            var keyLength = reader.ReadInt32();
            var bodyLength = reader.ReadInt32();
            var truncated = reader.ReadBoolean();
            if (keyLength < 0 || bodyLength < 0 || bodyLength > keyLength)
            {
                throw new InvalidDataException("Corrupt duplicate index snapshot.");
            }

            if (buffer.Length < keyLength)
            {
                buffer = new char[keyLength];
            }

            var bytes = MemoryMarshal.AsBytes(buffer.AsSpan(0, keyLength));
            reader.BaseStream.ReadExactly(bytes);
            if (index._slotById.ContainsKey(id))
            {
                throw new InvalidDataException($"Duplicate id {id} in snapshot.");
            }

            index._features.FromKey(buffer.AsSpan(0, keyLength), bodyLength, truncated);
            var slot = index._store.Stage(index._features);
            index.CommitStaged(id, slot);
        }

        return index;
    }

    private int Stage(string text)
    {
        DropStaged();
        var started = DedupProfile.Now;
        _features.FromText(text);
        if (DedupProfile.Enabled)
        {
            DedupProfile.FeatureTicks += DedupProfile.Now - started;
        }

        _stagedSlot = _store.Stage(_features);
        _stagedText = text;
        return _stagedSlot;
    }

    private void DropStaged()
    {
        if (_stagedSlot >= 0)
        {
            _store.Unstage(_stagedSlot);
            _stagedSlot = -1;
            _stagedText = null;
        }
    }

    private void CommitStaged(long id, int slot)
    {
        var representative = _store.FindRepresentative(slot);
        _store.Commit(slot, representative);
        _stagedSlot = -1;
        _stagedText = null;
        if (slot >= _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(slot + 1, _ids.Length * 2));
        }

        _ids[slot] = id;
        _slotById[id] = slot;
    }
}
