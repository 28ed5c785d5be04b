namespace CxSemantic.GraphQL.Caching;

/// <summary>
/// A thread-safe least-recently-used cache bounded by the bytes its entries are said to cost (and by a count), for
/// caches whose entries differ in size by orders of magnitude: a count bound alone lets a few large entries (a padded
/// document, a long answer) hold unbounded memory. Adding evicts least recently used entries until both bounds hold;
/// an entry larger than the whole budget is not kept at all. Entries are never cleared wholesale.
/// </summary>
/// <typeparam name="TKey">The key (compared with its default equality).</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
public sealed class SizedLruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>Creates a cache that keeps entries costing at most <paramref name="maxBytes"/> in all, and at most <paramref name="maxEntries"/> of them.</summary>
    public SizedLruCache(long maxBytes, int maxEntries = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxBytes = maxBytes;
        MaxEntries = maxEntries;
    }

    /// <summary>The byte budget.</summary>
    public long MaxBytes { get; }

    /// <summary>The most entries kept.</summary>
    public int MaxEntries { get; }

    /// <summary>The number of entries.</summary>
    public int Count
    {
        get
        {
            lock (_lock) { return _map.Count; }
        }
    }

    /// <summary>The bytes the entries cost in all (the sum of the sizes they were added or resized with); never above <see cref="MaxBytes"/>.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) { return _bytes; }
        }
    }

    /// <summary>Entries evicted to keep the bounds since the cache was created.</summary>
    public long Evictions { get; private set; }

    /// <summary>The value under <paramref name="key"/>, which becomes the most recently used; false when there is none.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// The value under <paramref name="key"/> when there is one (it becomes the most recently used), otherwise
    /// <paramref name="create"/>'s value, added with <paramref name="bytes"/>. <paramref name="create"/> runs under the lock:
    /// keep it cheap (e.g. start a task), so that concurrent callers of one key share one value.
    /// </summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create, long bytes)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                return node.Value.Value;
            }

            var value = create(key);
            AddLocked(key, value, bytes);
            return value;
        }
    }

    /// <summary>Adds or replaces the value under <paramref name="key"/> as the most recently used, then evicts to the bounds.</summary>
    public void Set(TKey key, TValue value, long bytes)
    {
        lock (_lock)
        {
            RemoveLocked(key);
            AddLocked(key, value, bytes);
        }
    }

    /// <summary>
    /// Changes the cost of the entry under <paramref name="key"/> when it still holds <paramref name="value"/> (e.g. once a
    /// pending answer's size is known), then evicts to the bounds; an entry now larger than the budget is dropped.
    /// </summary>
    public void Resize(TKey key, TValue value, long bytes)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out var node) || !EqualityComparer<TValue>.Default.Equals(node.Value.Value, value))
            {
                return;
            }

            _bytes += bytes - node.Value.Bytes;
            node.Value = node.Value with { Bytes = bytes };
            if (bytes > MaxBytes)
            {
                RemoveLocked(key);
            }

            EvictLocked();
        }
    }

    /// <summary>Removes the entry under <paramref name="key"/> when it holds <paramref name="value"/>.</summary>
    public bool Remove(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node) && EqualityComparer<TValue>.Default.Equals(node.Value.Value, value))
            {
                RemoveLocked(key);
                return true;
            }

            return false;
        }
    }

    /// <summary>Removes every entry (the data behind them changed).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _lru.Clear();
            _bytes = 0;
        }
    }

    private sealed record Entry(TKey Key, TValue Value, long Bytes);

    private void AddLocked(TKey key, TValue value, long bytes)
    {
        if (bytes > MaxBytes)
        {
            return;
        }

        _map[key] = _lru.AddFirst(new Entry(key, value, bytes));
        _bytes += bytes;
        EvictLocked();
    }

    private void EvictLocked()
    {
        while (_map.Count > 0 && (_bytes > MaxBytes || _map.Count > MaxEntries))
        {
            RemoveLocked(_lru.Last!.Value.Key);
            Evictions++;
        }
    }

    private void RemoveLocked(TKey key)
    {
        if (_map.Remove(key, out var node))
        {
            _lru.Remove(node);
            _bytes -= node.Value.Bytes;
        }
    }
}
