using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// A bounded, thread-safe cache of prepared documents (parsed and validated, errors included) keyed by query text, so
/// repeated queries (dashboards refreshing) skip parsing and validation, and a repeated bad query costs a look-up.
/// Share one instance per schema, e.g. via <see cref="ExecutionOptions.DocumentCache"/>.
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

    /// <summary>
    /// The prepared (parsed and validated) document for <paramref name="query"/> against <paramref name="schema"/>: the cached
    /// instance when the same text was prepared for the same schema before, otherwise a new one, which is cached with its errors.
    /// </summary>
    public PreparedDocument GetOrPrepare(Schema schema, string query, ParserOptions? parserOptions = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            if (_map.TryGetValue(query, out var node) && ReferenceEquals(node.Value.Document.Schema, schema))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                return node.Value.Document;
            }
        }

        // Prepared outside the lock: two requests racing on a new text both prepare it, and the later one is kept.
        var prepared = DocumentPreparer.Prepare(schema, query, parserOptions);
        Add(query, prepared);
        return prepared;
    }

    private sealed record Entry(string Query, PreparedDocument Document);

    private void Add(string query, PreparedDocument prepared)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(query, out var existing))
            {
                _lru.Remove(existing);
            }
            _map[query] = _lru.AddFirst(new Entry(query, prepared));
            while (_map.Count > Capacity)
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _map.Remove(last.Value.Query);
            }
        }
    }
}
