using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;
using YamlDotNet.RepresentationModel;

namespace CxSemantic.Definitions.Loading;

/// <summary>Composites: the metric, the dimension that carries the weights, and the weights.</summary>
internal sealed partial class DefinitionReader
{
    private Composite ReadComposite(MappingReader m)
    {
        var name = Name(m, CompositeKey);
        var version = m.Int("version", "every composite is versioned; start at 1 and bump it when the weights change");
        if (version is < 1)
        {
            diagnostics.Error(DefinitionErrors.BadVersion, DefinitionErrors.Format(DefinitionErrors.BadVersionMessage, name, version), m.ValueSpan("version"));
        }

        var weights = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        if (m.Mapping("weights", $"weights of composite '{name}'", "the weight of each value of weight_by, e.g. { billing_question: 3, fraud_report: 5 }") is { } w)
        {
            foreach (var key in w.Node.Children.Keys.OfType<YamlScalarNode>())
            {
                var value = key.Value ?? string.Empty;
                _locations[$"weights.{value}"] = w.File.SpanOf(key, value.Length);
                if (Weight(w, value) is { } weight)
                {
                    weights[value] = weight;
                }
            }
        }

        return new Composite
        {
            Name = name,
            Version = version ?? 1,
            Label = m.String("label", "a human label for dashboards and the glossary") ?? name,
            Owner = m.String("owner", "the team accountable for the weights") ?? string.Empty,
            Description = m.String("description", "what the composite means and why the weights are what they are") ?? string.Empty,
            Metric = LocatedString(m, "metric", "the rate, mean or distribution metric to re-weight") ?? string.Empty,
            WeightBy = LocatedString(m, "weight_by", "the dimension whose values carry the weights, e.g. intent") ?? string.Empty,
            Weights = weights.ToImmutable(),
            DefaultWeight = m.Has("default_weight") ? Weight(m, "default_weight") ?? 0 : 0,
            Span = m.KeySpan(CompositeKey),
            Locations = _locations.ToImmutable(),
        };
    }

    /// <summary>A weight: a finite, non-negative number (0 leaves the value out).</summary>
    private double? Weight(MappingReader r, string key)
    {
        var value = r.Double(key);
        if (value is { } v && (!double.IsFinite(v) || v < 0))
        {
            diagnostics.Error(
                DefinitionErrors.InvalidNumber,
                DefinitionErrors.Format(DefinitionErrors.InvalidNumberMessage, key, r.Context, "a non-negative number (0 leaves the value out of the composite)", v),
                r.ValueSpan(key));
            return null;
        }

        return value;
    }
}
