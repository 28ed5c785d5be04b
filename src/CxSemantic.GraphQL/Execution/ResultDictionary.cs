using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CxSemantic.GraphQL.Execution;

/// <summary>An ordered response object (keys in selection order).</summary>
public sealed class ResultDictionary : IReadOnlyDictionary<string, object?>
{
    private readonly string[] _keys;
    private readonly object?[] _values;

    internal ResultDictionary(int capacity)
    {
        _keys = new string[capacity];
        _values = new object?[capacity];
    }

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    internal void Add(string key, object? value)
    {
        _keys[Count] = key;
        _values[Count] = value;
        Count++;
    }

    internal void Set(int index, string key, object? value)
    {
        _keys[index] = key;
        _values[index] = value;
        if (index >= Count) { Count = index + 1; }
    }

    /// <summary>The key at a position.</summary>
    public string KeyAt(int index) => _keys[index];

    /// <summary>The value at a position.</summary>
    public object? ValueAt(int index) => _values[index];

    /// <inheritdoc />
    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    /// <inheritdoc />
    public IEnumerable<string> Keys => _keys.Take(Count);

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values.Take(Count);

    /// <inheritdoc />
    public bool ContainsKey(string key) => Array.IndexOf(_keys, key, 0, Count) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int i = Array.IndexOf(_keys, key, 0, Count);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) { yield return new(_keys[i], _values[i]); }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
