using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Definitions.Glossary;

/// <summary>How one metric changed between two catalogs.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="ChangedFields">The fields whose meaning changed.</param>
/// <param name="OldVersion">The version before.</param>
/// <param name="NewVersion">The version after.</param>
public sealed record MetricChange(string Metric, ImmutableArray<string> ChangedFields, int OldVersion, int NewVersion)
{
    /// <summary>True when the meaning changed but the version was not increased: a governance error.</summary>
    public bool MissingVersionBump => ChangedFields.Any(f => f != "version") && NewVersion <= OldVersion;
}

/// <summary>Metrics added, removed and changed between two catalogs.</summary>
/// <param name="Added">Metrics only in the new catalog.</param>
/// <param name="Removed">Metrics only in the old catalog.</param>
/// <param name="Changed">Metrics in both whose definition differs.</param>
public sealed record CatalogDiff(ImmutableArray<string> Added, ImmutableArray<string> Removed, ImmutableArray<MetricChange> Changed)
{
    /// <summary>True when any changed metric kept its version.</summary>
    public bool HasErrors => Changed.Any(c => c.MissingVersionBump);

    /// <summary>Compares two catalogs metric by metric, field by field (positions and formatting ignored).</summary>
    public static CatalogDiff Between(MetricCatalog before, MetricCatalog after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = ImmutableArray.CreateBuilder<MetricChange>();
        foreach (var (name, old) in before.Metrics)
        {
            if (!after.Metrics.TryGetValue(name, out var current))
            {
                continue;
            }

            var a = Fields(old, before);
            var b = Fields(current, after);
            var fields = a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
                .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
                .ToImmutableArray();
            if (!fields.IsEmpty)
            {
                changed.Add(new MetricChange(name, fields, old.Version, current.Version));
            }
        }

        return new CatalogDiff(
            [.. after.Metrics.Keys.Where(k => !before.Metrics.ContainsKey(k))],
            [.. before.Metrics.Keys.Where(k => !after.Metrics.ContainsKey(k))],
            changed.ToImmutable());
    }

    /// <summary>A canonical text per field: equal texts mean equal meaning.</summary>
    private static Dictionary<string, string> Fields(Metric metric, MetricCatalog catalog) => new(StringComparer.Ordinal)
    {
        // A journey's stitching and the attributes the metric reads are part of its meaning.
        ["journey"] = catalog.Journeys.TryGetValue(metric.UnitOfAnalysis, out var journey) ? Journey(journey, metric) : string.Empty,
        ["version"] = metric.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["label"] = metric.Label,
        ["category"] = metric.Category,
        ["owner"] = metric.Owner,
        ["description"] = metric.Description,
        ["unit_of_analysis"] = metric.UnitOfAnalysis,
        ["type"] = metric.Type.ToString(),
        ["definition"] = Spec(metric.Spec),
        ["inclusion"] = Rules(metric.Inclusion),
        ["exclusions"] = Rules(metric.Exclusions),
        ["confirmation"] = $"{metric.Confirmation.Method}|{metric.Confirmation.Window?.Duration}|{string.Join(",", metric.Confirmation.Events)}|{metric.Confirmation.Link}|{string.Join(";", metric.Confirmation.EventsByIntent.Select(e => $"{e.Key}={string.Join(",", e.Value)}"))}|{metric.Confirmation.Evaluator}|{metric.Confirmation.EvaluatorVersion}|{metric.Confirmation.SurveyKind}",
        ["segmentation"] = $"{string.Join(",", metric.Segmentation.Required)}|{string.Join(",", metric.Segmentation.Allowed)}|{metric.Segmentation.MinCellSize}",
        ["thresholds"] = metric.Thresholds is { } t ? $"{t.Green}|{t.Amber}|{t.Better}" : string.Empty,
        ["format"] = metric.Format.ToString(),
    };

    private static string Journey(Journey journey, Metric metric)
    {
        var read = metric.UnitExpressions().SelectMany(e => e.Syntax is { } syntax ? ExpressionColumns.ReferencedNames(syntax) : []).ToHashSet(StringComparer.Ordinal);
        var attributes = journey.Attributes.Where(a => read.Contains(a.Name)).Select(a => $"{a.Name}={a.Aggregation}({Canonical(a.Expression)})");
        return $"{journey.From}|{string.Join(",", journey.Identity)}|{journey.Window.Duration}|{journey.Horizon.Duration}|{string.Join(";", attributes)}";
    }

    private static string Rules(ImmutableArray<NamedFilter> rules) =>
        string.Join(";", rules.Select(r => $"{r.Name}={Canonical(r.Where)}"));

    private static string Spec(MetricSpec spec) => spec switch
    {
        RatioMetricSpec r => $"ratio({Part(r.Numerator)}/{Part(r.Denominator)})",
        SimpleMetricSpec s => $"simple({s.Aggregation},{s.Measure},{Canonical(s.Expression)},{s.Percentile})",
        MeanMetricSpec m => $"mean({Canonical(m.Expression)})",
        DistributionMetricSpec d => $"distribution({Canonical(d.Positive)},{Canonical(d.Negative)},{d.Scale})",
        DerivedMetricSpec d => $"derived({Canonical(d.Expression)})",
        AgreementMetricSpec a => $"agreement({a.Evaluator},{a.Version},{a.Statistic})",
        _ => spec.ToString() ?? string.Empty,
    };

    private static string Part(RatioPart part) => $"{part.Aggregation},{part.Measure},{Canonical(part.Expression)},{Canonical(part.Where)}";

    /// <summary>The printed syntax tree, so that spacing and redundant parentheses are not changes.</summary>
    private static string Canonical(DefinitionExpression? expression) =>
        expression is null ? string.Empty : expression.Syntax?.ToString() ?? expression.Text;
}
