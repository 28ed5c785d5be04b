using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Definitions.Loading;

/// <summary>
/// Checks rollups against the metrics: every metric exists and its statistics add up across buckets (no derived,
/// distinct-count or percentile metric), every dimension is one the metric may be split by and its unit has, the
/// metric's required segments are among the dimensions (else no query could ever use the rollup), the zone is an
/// IANA zone and the partitions are whole numbers of buckets.
/// </summary>
internal sealed class RollupValidator(DiagnosticBag diagnostics, PhysicalSchema schema, DefinitionIndex index)
{
    public void Validate(IEnumerable<Rollup> rollups)
    {
        foreach (var rollup in rollups)
        {
            Validate(rollup);
        }
    }

    /// <summary>Whether buckets of <paramref name="grain"/> tile partitions of <paramref name="partition"/> (weeks cross months).</summary>
    public static bool Tiles(RollupGrain grain, RollupGrain partition) =>
        grain == RollupGrain.Day || grain == partition || (grain != RollupGrain.Week && partition != RollupGrain.Week && partition > grain);

    private void Validate(Rollup rollup)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(rollup.Zone) is null)
        {
            Shape(rollup, $"has zone '{rollup.Zone}', which is not an IANA time zone; write e.g. Europe/Berlin or UTC.", rollup.Locate("zone"));
        }

        if (!Tiles(rollup.Grain, rollup.PartitionBy))
        {
            Shape(
                rollup,
                $"has {Name(rollup.Grain)} buckets in {Name(rollup.PartitionBy)} partitions, which cut buckets in two; partition by a coarser calendar unit that whole buckets fill (day buckets fit any partition, weeks only week partitions).",
                rollup.Locate("partition_by"));
        }

        for (var i = 0; i < rollup.Metrics.Length; i++)
        {
            ValidateMetric(rollup, rollup.Metrics[i], rollup.Locate($"metrics.{i}"));
        }
    }

    private void ValidateMetric(Rollup rollup, string name, SourceSpan span)
    {
        if (!index.Metrics.TryGetValue(name, out var metric))
        {
            diagnostics.Error(
                DefinitionErrors.UnknownReference,
                DefinitionErrors.Format(DefinitionErrors.UnknownReferenceMessage, $"Rollup '{rollup.Name}'", "metric", name, NameSuggester.Hint(name, index.Metrics.Keys.ToArray())),
                span);
            return;
        }

        var scope = UnitScope.For(metric.UnitOfAnalysis, index, schema);
        if (NotAdditive(metric, scope?.Model) is { } why)
        {
            Shape(rollup, $"lists '{name}', {why}", span);
            return;
        }

        for (var i = 0; i < rollup.Dimensions.Length; i++)
        {
            var dimension = rollup.Dimensions[i];
            var dimensionSpan = rollup.Locate($"dimensions.{i}");
            if (!metric.Segmentation.Allowed.Contains(dimension) && !metric.Segmentation.Required.Contains(dimension))
            {
                diagnostics.Error(
                    DefinitionErrors.UnknownReference,
                    DefinitionErrors.Format(
                        DefinitionErrors.UnknownReferenceMessage,
                        $"Rollup '{rollup.Name}'",
                        $"segment allowed for metric '{metric.Name}'",
                        dimension,
                        $" Allowed: {string.Join(", ", metric.Segmentation.Allowed)}; drop the metric from this rollup or the dimension from its list."),
                    dimensionSpan);
            }
            else if (scope is not null && !scope.HasDimension(dimension))
            {
                Shape(rollup, $"splits '{metric.Name}' by '{dimension}', which its unit '{metric.UnitOfAnalysis}' does not have; put the metric in a rollup of its own.", dimensionSpan);
            }
        }

        var missing = metric.Segmentation.Required.Where(r => !rollup.Dimensions.Contains(r)).ToArray();
        if (missing.Length > 0)
        {
            Shape(rollup, $"lacks {string.Join(", ", missing)}, which every query of '{metric.Name}' must group by, so no query could use it; add {(missing.Length == 1 ? "it" : "them")} to dimensions.", span);
        }
    }

    /// <summary>Why a metric's values cannot be re-aggregated from buckets exactly, or null when they can.</summary>
    private static string? NotAdditive(Metric metric, SemanticModel? model)
    {
        (Aggregation Aggregation, string What) Effective(string? measure, Aggregation aggregation, string what) =>
            measure is not null && model?.FindMeasure(measure) is { } found
                ? (found.Aggregation, $"measure '{measure}'")
                : (aggregation, what);
        bool Mergeable(Aggregation a) => a is Aggregation.Count or Aggregation.Sum or Aggregation.Min or Aggregation.Max or Aggregation.Average;
        switch (metric.Spec)
        {
            case DerivedMetricSpec derived:
                return $"a derived metric: it is computed from its components in each cell; list them instead ({string.Join(", ", derived.Metrics)}).";
            case SimpleMetricSpec simple when Effective(simple.Measure, simple.Aggregation, "its aggregate") is var (aggregation, what) && !Mergeable(aggregation):
                return $"whose {what} ({aggregation.ToString().ToLowerInvariant()}) does not add up across buckets; only count, sum, min, max and avg do. Leave it out: its queries read raw rows.";
            case RatioMetricSpec { IsProportion: false } ratio:
                foreach (var (part, side) in new[] { (ratio.Numerator, "numerator"), (ratio.Denominator, "denominator") })
                {
                    var (aggregation, what) = Effective(part.Measure, part.Aggregation, $"the {side}'s aggregate");
                    if (aggregation is not (Aggregation.Count or Aggregation.Sum or Aggregation.Min or Aggregation.Max))
                    {
                        return $"whose {what} ({aggregation.ToString().ToLowerInvariant()}) does not add up across buckets; only count, sum, min and max do. Leave it out: its queries read raw rows.";
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Name(RollupGrain grain) => DefinitionReader.RollupGrainNames.NameOf(grain);

    private void Shape(Rollup rollup, string what, SourceSpan span) =>
        diagnostics.Error(DefinitionErrors.RollupShape, DefinitionErrors.Format(DefinitionErrors.RollupShapeMessage, rollup.Name, what), span);
}
