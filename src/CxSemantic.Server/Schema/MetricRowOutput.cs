using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Definitions.Model;
using NodaTime;
using ConfidenceInterval = CxSemantic.Compiler.Statistics.ConfidenceInterval;

namespace CxSemantic.Server.Schema;

/// <summary>
/// Writes a metric answer as <c>MetricRow</c> values: dimension values as their GraphQL types (enum values, numbers,
/// dates), metric values as <c>MetricValue</c> objects; non-finite numbers become null.
/// </summary>
internal static class MetricRowOutput
{
    public static List<Dictionary<string, object?>> Rows(MetricsSchema schema, MetricQueryResult answer)
    {
        var dimensions = answer.Dimensions.Select(d => schema.DimensionsByName.GetValueOrDefault(d)).ToArray();
        var rows = new List<Dictionary<string, object?>>(answer.Rows.Length);
        foreach (var row in answer.Rows)
        {
            var output = new Dictionary<string, object?>(dimensions.Length + row.Metrics.Count + 1, StringComparer.Ordinal) { ["period"] = row.Period };
            for (var i = 0; i < dimensions.Length && i < row.Dimensions.Length; i++)
            {
                if (dimensions[i] is { } dimension)
                {
                    output[dimension.Field] = DimensionValue(dimension, row.Dimensions[i]);
                }
            }

            foreach (var (name, value) in row.Metrics)
            {
                if (schema.MetricsByName.TryGetValue(name, out var metric))
                {
                    output[metric.Field] = Value(value);
                }
            }

            rows.Add(output);
        }

        return rows;
    }

    internal static object? DimensionValue(DimensionField dimension, object? value) => value switch
    {
        null => null,
        _ when dimension.Type == DimensionType.Enum => dimension.ToGraphQL.GetValueOrDefault(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
        _ when dimension.GraphQLType == SchemaTypes.Boolean => value is bool b ? b : Convert.ToBoolean(value, CultureInfo.InvariantCulture),
        _ when dimension.GraphQLType == SchemaTypes.Float => Finite(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ when dimension.GraphQLType == SchemaTypes.Date => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            LocalDate l => l.ToDateOnly(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        },
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static int Count(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);

    private static Dictionary<string, object?> Value(MetricValue value) => new(StringComparer.Ordinal)
    {
        ["value"] = Finite(value.Value),
        ["n"] = Count(value.N),
        ["numerator"] = Finite(value.Numerator),
        ["denominator"] = Finite(value.Denominator),
        ["ci"] = Interval(value.Interval),
        ["intervalWithheld"] = value.IntervalWithheld,
        ["designEffect"] = Finite(value.DesignEffect),
        ["clusters"] = value.Clusters is { } clusters ? Count(clusters) : null,
        ["suppressed"] = value.Suppressed,
        ["suppressionReason"] = value.SuppressionReason,
        ["immature"] = Count(value.Immature),
        ["exclusions"] = value.Funnel.Select(f => new Dictionary<string, object?>(StringComparer.Ordinal) { ["rule"] = f.Rule, ["units"] = Count(f.Units) }).ToList(),
        ["status"] = value.Status?.ToUpperInvariant(),
        ["evaluatorVersions"] = value.EvaluatorVersions,
        ["version"] = value.Version,
        ["deltaWithheld"] = value.DeltaWithheld,
        ["delta"] = value.Delta is { } d ? Delta(d) : null,
    };

    private static Dictionary<string, object?> Delta(MetricDelta delta) => new(StringComparer.Ordinal)
    {
        ["value"] = Finite(delta.Value) ?? 0,
        ["ci"] = Interval(delta.Interval),
        ["pValue"] = Finite(delta.PValue),
        ["qValue"] = Finite(delta.QValue),
        ["significant"] = delta.Significant,
        ["baseline"] = Finite(delta.BaselineValue),
        ["baselineN"] = Count(delta.BaselineN),
        ["test"] = delta.Test,
        ["pairs"] = delta.Pairs is { } pairs ? Count(pairs) : null,
    };

    internal static Dictionary<string, object?>? Interval(ConfidenceInterval? interval) =>
        interval is null || !double.IsFinite(interval.Low) || !double.IsFinite(interval.High)
            ? null
            : new Dictionary<string, object?>(StringComparer.Ordinal) { ["low"] = interval.Low, ["high"] = interval.High, ["level"] = interval.Level };
}
