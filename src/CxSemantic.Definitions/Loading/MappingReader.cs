using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Definitions.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// Reads one YAML mapping with positions: typed getters report wrong types and missing keys as
/// diagnostics (never exceptions), and <see cref="Complete"/> reports keys nobody asked for,
/// with a did-you-mean, so that a typo never silently drops a rule.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private readonly SourceSpan? _span;

    public MappingReader(YamlFile file, YamlMappingNode node, string context, DiagnosticBag diagnostics, SourceSpan? span = null)
    {
        _span = span;
        File = file;
        Node = node;
        Context = context;
        Diagnostics = diagnostics;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode scalar && scalar.Value is { } name)
            {
                _entries[name] = (scalar, value);
            }
        }
    }

    public YamlFile File { get; }

    public YamlMappingNode Node { get; }

    /// <summary>What this mapping is, for messages: "metric 'containment_rate'".</summary>
    public string Context { get; }

    public DiagnosticBag Diagnostics { get; }

    public SourceSpan Span => _span ?? File.SpanOf(Node);

    public bool Has(string key)
    {
        _known.Add(key);
        return _entries.ContainsKey(key);
    }

    public SourceSpan KeySpan(string key) =>
        _entries.TryGetValue(key, out var entry) ? File.SpanOf(entry.Key, key.Length) : Span;

    public SourceSpan ValueSpan(string key) =>
        _entries.TryGetValue(key, out var entry) ? ValueSpanOf(entry.Value) : Span;

    /// <summary>The position of a scalar's first character of content (after an opening quote).</summary>
    public SourceSpan ValueSpanOf(YamlNode node)
    {
        var span = File.SpanOf(node);
        if (node is YamlScalarNode scalar)
        {
            var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
            return span with { Column = span.Column + (quoted ? 1 : 0), Length = scalar.Value?.Length ?? 0 };
        }

        return span;
    }

    public YamlNode? Raw(string key)
    {
        _known.Add(key);
        return _entries.TryGetValue(key, out var entry) ? entry.Value : null;
    }

    public string? String(string key, string? requiredBecause = null)
    {
        var node = Raw(key);
        if (node is null)
        {
            Missing(key, requiredBecause);
            return null;
        }

        if (node is YamlScalarNode { Value: { } value } && !IsNull(node))
        {
            return value;
        }

        WrongType(key, "a text value", node);
        return null;
    }

    public int? Int(string key, string? requiredBecause = null)
    {
        var text = Scalar(key, requiredBecause, "a whole number");
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        WrongType(key, "a whole number", Raw(key)!);
        return null;
    }

    public double? Double(string key, string? requiredBecause = null)
    {
        var text = Scalar(key, requiredBecause, "a number");
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        WrongType(key, "a number", Raw(key)!);
        return null;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var node = Raw(key);
        if (node is null)
        {
            return defaultValue;
        }

        if (node is YamlScalarNode { Value: { } text })
        {
            switch (text.ToLowerInvariant())
            {
                case "true" or "yes" or "on": return true;
                case "false" or "no" or "off": return false;
            }
        }

        WrongType(key, "true or false", node);
        return defaultValue;
    }

    /// <summary>A list of names: a sequence of scalars, or a single scalar.</summary>
    public ImmutableArray<(string Value, SourceSpan Span)> Names(string key, string? requiredBecause = null)
    {
        var node = Raw(key);
        if (node is null)
        {
            Missing(key, requiredBecause);
            return [];
        }

        switch (node)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                return [];
            case YamlScalarNode { Value: { } single } scalar:
                return [(single, ValueSpanOf(scalar))];
            case YamlSequenceNode sequence:
                var items = ImmutableArray.CreateBuilder<(string, SourceSpan)>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } text } s && !IsNull(s))
                    {
                        items.Add((text, ValueSpanOf(s)));
                    }
                    else
                    {
                        WrongType(key, "a list of names", item);
                    }
                }

                return items.ToImmutable();
            default:
                WrongType(key, "a list of names", node);
                return [];
        }
    }

    /// <summary>A nested mapping; an empty value (<c>key: {}</c> or <c>key:</c>) reads as an empty mapping.</summary>
    public MappingReader? Mapping(string key, string context, string? requiredBecause = null)
    {
        var node = Raw(key);
        if (node is null)
        {
            Missing(key, requiredBecause);
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(File, mapping, context, Diagnostics);
        }

        if (IsNull(node))
        {
            return new MappingReader(File, new YamlMappingNode(), context, Diagnostics, File.SpanOf(node));
        }

        WrongType(key, "a mapping (key: value pairs)", node);
        return null;
    }

    /// <summary>A mapping of named items (<c>dimensions:</c>, <c>measures:</c>): name, its span, and its body.</summary>
    public IEnumerable<(string Name, SourceSpan Span, YamlNode Body)> NamedItems(string key)
    {
        var node = Raw(key);
        if (node is null || IsNull(node))
        {
            yield break;
        }

        if (node is not YamlMappingNode mapping)
        {
            WrongType(key, "a mapping of names to definitions", node);
            yield break;
        }

        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode { Value: { } name } scalar)
            {
                yield return (name, File.SpanOf(scalar, name.Length), v);
            }
        }
    }

    /// <summary>A sequence of mappings (<c>inclusion:</c>, <c>exclusions:</c>).</summary>
    public IEnumerable<MappingReader> MappingList(string key, string itemContext)
    {
        var node = Raw(key);
        if (node is null || IsNull(node))
        {
            yield break;
        }

        if (node is not YamlSequenceNode sequence)
        {
            WrongType(key, "a list", node);
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return new MappingReader(File, mapping, itemContext, Diagnostics);
            }
            else
            {
                WrongType(key, "a list of mappings ({ name: …, where: … })", item);
            }
        }
    }

    /// <summary>Reports every key that no getter asked for, with the closest allowed key.</summary>
    public void Complete()
    {
        foreach (var (name, entry) in _entries)
        {
            if (_known.Contains(name))
            {
                continue;
            }

            var allowed = _known.Order(StringComparer.Ordinal).ToArray();
            Diagnostics.Error(
                DefinitionErrors.UnknownKey,
                DefinitionErrors.Format(DefinitionErrors.UnknownKeyMessage, name, Context, NameSuggester.Hint(name, allowed), string.Join(", ", allowed)),
                File.SpanOf(entry.Key, name.Length));
        }
    }

    public void Missing(string key, string? requiredBecause)
    {
        if (requiredBecause is not null)
        {
            Diagnostics.Error(
                DefinitionErrors.MissingKey,
                DefinitionErrors.Format(DefinitionErrors.MissingKeyMessage, Capitalize(Context), key, requiredBecause),
                Span);
        }
    }

    public void WrongType(string key, string expected, YamlNode found) =>
        Diagnostics.Error(
            DefinitionErrors.WrongType,
            DefinitionErrors.Format(DefinitionErrors.WrongTypeMessage, key, Context, expected, Describe(found)),
            ValueSpanOf(found));

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar &&
        (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    private string? Scalar(string key, string? requiredBecause, string expected)
    {
        var node = Raw(key);
        if (node is null)
        {
            Missing(key, requiredBecause);
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && !IsNull(node))
        {
            return text;
        }

        WrongType(key, expected, node);
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
