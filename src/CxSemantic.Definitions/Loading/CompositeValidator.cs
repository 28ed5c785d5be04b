using System.Globalization;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// Checks composites against the metrics: the metric exists and is an average over units (so re-weighting its segments
/// means something), the weight dimension is one of its allowed segments, and weights name known values.
/// </summary>
internal sealed class CompositeValidator(DiagnosticBag diagnostics, PhysicalSchema schema, DefinitionIndex index)
{
    public void Validate(IEnumerable<Composite> composites)
    {
        foreach (var composite in composites)
        {
            Validate(composite);
        }
    }

    private void Validate(Composite composite)
    {
        if (composite.Weights.Values.All(w => w == 0) && composite.DefaultWeight == 0)
        {
            Shape(composite, "gives every value a weight of 0, so it has nothing to average; give some values a positive weight or set default_weight.", composite.Span);
        }

        if (composite.Metric.Length == 0)
        {
            return; // already reported as missing
        }

        if (!index.Metrics.TryGetValue(composite.Metric, out var metric))
        {
            Unknown($"Composite '{composite.Name}'", "metric", composite.Metric, index.Metrics.Keys, composite.Locate("metric"));
            return;
        }

        if (metric.Type is not (MetricType.Ratio or MetricType.Mean or MetricType.Distribution))
        {
            Shape(
                composite,
                string.Create(CultureInfo.InvariantCulture, $"re-weights '{metric.Name}', a {metric.Type.ToString().ToLowerInvariant()} metric; only a ratio, mean or distribution metric is an average over units whose segments can be re-weighted."),
                composite.Locate("metric"));
            return;
        }

        if (composite.WeightBy.Length == 0)
        {
            return;
        }

        if (!metric.Segmentation.Allowed.Contains(composite.WeightBy))
        {
            diagnostics.Error(
                DefinitionErrors.UnknownReference,
                DefinitionErrors.Format(DefinitionErrors.UnknownReferenceMessage, $"Composite '{composite.Name}'", $"segment allowed for metric '{metric.Name}'", composite.WeightBy, $" Allowed: {string.Join(", ", metric.Segmentation.Allowed)}."),
                composite.Locate("weight_by"));
            return;
        }

        var others = metric.Segmentation.Required.Where(r => r != composite.WeightBy).ToArray();
        if (others.Length > 0)
        {
            Shape(composite, $"weights by '{composite.WeightBy}', but metric '{metric.Name}' must always be split by {string.Join(", ", others)}; weight by that dimension or pick another metric.", composite.Locate("weight_by"));
        }

        // Values can only be checked where the catalog or the warehouse knows them (enum dimensions, constrained columns).
        var known = UnitScope.For(metric.UnitOfAnalysis, index, schema)?.Resolve([composite.WeightBy])?.AllowedValues ?? default;
        if (known.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var value in composite.Weights.Keys.Where(v => !known.Contains(v)))
        {
            Unknown($"Weights of composite '{composite.Name}'", $"value of '{composite.WeightBy}'", value, known, composite.Locate($"weights.{value}"));
        }
    }

    private void Shape(Composite composite, string what, SourceSpan span) =>
        diagnostics.Error(DefinitionErrors.CompositeShape, DefinitionErrors.Format(DefinitionErrors.CompositeShapeMessage, composite.Name, what), span);

    private void Unknown(string who, string what, string name, IEnumerable<string> candidates, SourceSpan span) =>
        diagnostics.Error(
            DefinitionErrors.UnknownReference,
            DefinitionErrors.Format(DefinitionErrors.UnknownReferenceMessage, who, what, name, NameSuggester.Hint(name, candidates.ToArray())),
            span);
}
