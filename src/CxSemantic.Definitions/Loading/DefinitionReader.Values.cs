using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>The scalar readers every definition kind shares: located names, expressions, windows, fractions and enum names, each reporting its own diagnostic.</summary>
internal sealed partial class DefinitionReader
{
    /// <summary>Reads a list of names and records where each is written (<c>key.0</c>, <c>key.1</c>…).</summary>
    private ImmutableArray<string> LocatedNames(MappingReader m, string key, string? requiredBecause, string? prefix = null)
    {
        var names = m.Names(key, requiredBecause);
        for (var i = 0; i < names.Length; i++)
        {
            _locations[$"{prefix}{key}.{i}"] = names[i].Span;
        }

        return [.. names.Select(n => n.Value)];
    }

    private string? LocatedString(MappingReader m, string key, string? requiredBecause)
    {
        var value = m.String(key, requiredBecause);
        if (value is not null)
        {
            _locations[key] = m.ValueSpan(key);
        }

        return value;
    }

    private string Name(MappingReader m, string key)
    {
        var name = m.String(key) ?? string.Empty;
        CheckName(name, m.ValueSpan(key));
        return name;
    }

    private void CheckName(string name, SourceSpan span)
    {
        if (!NamePattern().IsMatch(name))
        {
            diagnostics.Error(DefinitionErrors.InvalidName, DefinitionErrors.Format(DefinitionErrors.InvalidNameMessage, name), span);
        }
    }

    /// <summary>
    /// Reads the named items under <paramref name="key"/> (<c>name: { … }</c>) with <paramref name="read"/>, in order:
    /// a body that is not a mapping is reported and skipped, and a key <paramref name="read"/> left unread is reported
    /// after it.
    /// </summary>
    /// <param name="owner">The mapping holding <paramref name="key"/>.</param>
    /// <param name="key">The key of the items.</param>
    /// <param name="context">What an item is, for messages, from its name.</param>
    /// <param name="read">Reads one item from its name, the span of its name and its body.</param>
    /// <param name="checkNames">Whether each item's name must be a valid definition name.</param>
    private ImmutableArray<T> NamedMappings<T>(
        MappingReader owner, string key, Func<string, string> context, Func<string, SourceSpan, MappingReader, T> read, bool checkNames = true)
    {
        var items = ImmutableArray.CreateBuilder<T>();
        foreach (var (name, span, body) in owner.NamedItems(key))
        {
            if (checkNames)
            {
                CheckName(name, span);
            }

            if (Body(owner, body, context(name)) is not { } r)
            {
                continue;
            }

            items.Add(read(name, span, r));
            r.Complete();
        }

        return items.ToImmutable();
    }

    private MappingReader? Body(MappingReader owner, YamlNode body, string context)
    {
        if (body is YamlMappingNode mapping)
        {
            return new MappingReader(owner.File, mapping, context, diagnostics);
        }

        if (MappingReader.IsNull(body))
        {
            return new MappingReader(owner.File, new YamlMappingNode(), context, diagnostics, owner.File.SpanOf(body));
        }

        diagnostics.Error(
            DefinitionErrors.WrongType,
            DefinitionErrors.Format(DefinitionErrors.WrongTypeMessage, context, owner.Context, "a mapping (key: value pairs)", body is YamlSequenceNode ? "a list" : $"'{(body as YamlScalarNode)?.Value}'"),
            owner.ValueSpanOf(body));
        return null;
    }

    private DefinitionExpression? Expression(MappingReader r, string key, string? requiredBecause)
    {
        var node = r.Raw(key);
        if (node is null || MappingReader.IsNull(node))
        {
            r.Missing(key, requiredBecause);
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text })
        {
            r.WrongType(key, "an expression (text)", node);
            return null;
        }

        var span = r.ValueSpanOf(node);
        var parsed = ExpressionParser.Parse(text, span);
        diagnostics.AddRange(parsed.Diagnostics);
        return new DefinitionExpression(text, span, parsed.Expression);
    }

    private static DefinitionExpression ColumnExpression(string column, SourceSpan span)
    {
        var parsed = ExpressionParser.Parse(column, span);
        return new DefinitionExpression(column, span, parsed.Expression);
    }

    private static DefinitionExpression Placeholder(MappingReader m) => new(string.Empty, m.Span, null);

    private IsoWindow? Window(MappingReader r, string key, string? requiredBecause)
    {
        var text = r.String(key, requiredBecause);
        if (text is null)
        {
            return null;
        }

        var parsed = PeriodPattern.NormalizingIso.Parse(text);
        if (!parsed.Success)
        {
            diagnostics.Error(DefinitionErrors.BadDuration, DefinitionErrors.Format(DefinitionErrors.BadDurationMessage, text), r.ValueSpan(key));
            return null;
        }

        var period = parsed.Value;
        if (period.Years != 0 || period.Months != 0)
        {
            diagnostics.Error(DefinitionErrors.BadDuration, DefinitionErrors.Format(DefinitionErrors.NotFixedDurationMessage, text), r.ValueSpan(key));
            return null;
        }

        var duration = period.ToDuration();
        if (duration <= Duration.Zero)
        {
            diagnostics.Error(DefinitionErrors.BadDuration, DefinitionErrors.Format(DefinitionErrors.NonPositiveDurationMessage, text), r.ValueSpan(key));
            return null;
        }

        return new IsoWindow(text, duration);
    }

    private double? Fraction(MappingReader r, string key, bool required)
    {
        var value = r.Double(key, required ? "the percentile as a fraction between 0 and 1, e.g. 0.9" : null);
        if (value is < 0 or > 1)
        {
            diagnostics.Error(
                DefinitionErrors.InvalidNumber,
                DefinitionErrors.Format(DefinitionErrors.InvalidNumberMessage, key, r.Context, "a fraction between 0 and 1", value),
                r.ValueSpan(key));
        }

        return value;
    }

    private T? Enum<T>(MappingReader r, string key, NameTable<T> names, string what, string? requiredBecause)
        where T : struct
    {
        var text = r.String(key, requiredBecause);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        diagnostics.Error(
            DefinitionErrors.InvalidValue,
            DefinitionErrors.Format(DefinitionErrors.InvalidValueMessage, text, what, string.Join(", ", names.Keys), NameSuggester.Hint(text, names.Keys)),
            r.ValueSpan(key));
        return null;
    }

    internal static string MethodName(ConfirmationMethod method) => ConfirmationNames.NameOf(method);
}
