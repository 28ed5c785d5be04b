using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// A bounded, thread-safe cache of parsed and validated documents keyed by query text, so repeated queries
/// (dashboards refreshing) skip parsing and validation. Share one instance per schema via <see cref="ExecutionOptions.DocumentCache"/>.
/// </summary>
public sealed class DocumentCache
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> documents (least recently used are evicted).</summary>
    public DocumentCache(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The maximum number of documents kept.</summary>
    public int Capacity { get; }

    /// <summary>The number of documents currently cached.</summary>
    public int Count
    {
        get
        {
            lock (_lock) { return _map.Count; }
        }
    }

    private sealed record Entry(string Query, Schema Schema, DocumentNode Document);

    internal bool TryGet(string query, Schema schema, out DocumentNode document)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(query, out var node) && ReferenceEquals(node.Value.Schema, schema))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                document = node.Value.Document;
                return true;
            }
        }
        document = null!;
        return false;
    }

    /// <summary>Adds a document that parsed and validated without errors.</summary>
    internal void Add(string query, Schema schema, DocumentNode document)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(query, out var existing))
            {
                _lru.Remove(existing);
                _map.Remove(query);
            }
            var node = _lru.AddFirst(new Entry(query, schema, document));
            _map[query] = node;
            while (_map.Count > Capacity)
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _map.Remove(last.Value.Query);
            }
        }
    }
}
