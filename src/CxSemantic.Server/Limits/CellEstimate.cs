using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using CxSemantic.Server.Schema;

namespace CxSemantic.Server.Limits;

/// <summary>One grouped dimension of an estimate: how many values it may take in the answer, and where that comes from.</summary>
/// <param name="Dimension">The dimension's catalog name.</param>
/// <param name="Values">The values it may take.</param>
/// <param name="Source">Why: "listed" (the catalog's values), "boolean", "filtered" (an eq or in filter) or "assumed" (not listed).</param>
internal sealed record DimensionValues(string Dimension, long Values, string Source);

/// <summary>
/// What a metric query may compute, before it runs: metrics × cells, a cell being one period (window / grain, plus the
/// comparison's reference period) × one value of every grouped dimension. Dimension values come from the catalog (an
/// enum's listed values, two for a boolean), narrowed by <c>eq</c>/<c>in</c> filters; a dimension whose values the
/// catalog does not list counts <see cref="QueryLimitOptions.UnlistedDimensionValues"/>. An upper bound of the answer's
/// size (cells without units are not returned), and what each statement may have to aggregate.
/// </summary>
/// <param name="Metrics">Metrics computed.</param>
/// <param name="Periods">Periods computed, the comparison's reference included.</param>
/// <param name="Dimensions">The grouped dimensions.</param>
internal sealed record CellEstimate(int Metrics, long Periods, ImmutableArray<DimensionValues> Dimensions)
{
    /// <summary>Cells per metric (saturating at <see cref="long.MaxValue"/>).</summary>
    public long CellsPerMetric => Dimensions.Aggregate(Periods, (product, d) => Multiply(product, d.Values));

    /// <summary>Metrics × cells (saturating).</summary>
    public long Cells => Multiply(Metrics, CellsPerMetric);

    /// <summary>The estimate in words, e.g. "3 metrics × 4,345 periods × intent_complexity 3 × channel 5 = 195,525 cells".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Metrics} metric{(Metrics == 1 ? string.Empty : "s")} × {Periods:N0} period{(Periods == 1 ? string.Empty : "s")}")
        + string.Concat(Dimensions.Select(d => string.Create(CultureInfo.InvariantCulture, $" × {d.Dimension} {d.Values:N0}{(d.Source == "assumed" ? " (assumed: values not listed)" : string.Empty)}")))
        + string.Create(CultureInfo.InvariantCulture, $" = {Cells:N0} cells");

    /// <summary>The estimate of <paramref name="query"/> on the schema's dimensions.</summary>
    /// <exception cref="QueryException">The query's time window is invalid (the query would be refused for it anyway).</exception>
    public static CellEstimate Of(MetricQuery query, MetricsSchema schema, int unlistedDimensionValues)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(schema);
        long periods = query.Time is { } window ? PeriodCalendar.Periods(window).Length : 1;
        if (query.Compare is PreviousPeriodComparison or BaselineComparison)
        {
            periods++;
        }

        var dimensions = query.GroupBy.Select(name => Values(name, query.Filters, schema, unlistedDimensionValues)).ToImmutableArray();
        return new CellEstimate(query.Metrics.Length, periods, dimensions);
    }

    private static DimensionValues Values(string name, ImmutableArray<DimensionFilter> filters, MetricsSchema schema, int unlisted)
    {
        var field = schema.DimensionsByName.GetValueOrDefault(name);
        var (values, source) = field switch
        {
            { Type: DimensionType.Enum, Values.Length: > 0 } => ((long)field.Values.Length, "listed"),
            { Type: DimensionType.Boolean } => (2L, "boolean"),
            _ => ((long)Math.Max(1, unlisted), "assumed"),
        };
        foreach (var filter in filters.Where(f => f.Dimension == name))
        {
            var kept = filter.Operator switch
            {
                FilterOperator.Equal => 1L,
                FilterOperator.In => filter.Values.Distinct().LongCount(),
                _ => long.MaxValue,
            };
            if (kept < values)
            {
                (values, source) = (kept, "filtered");
            }
        }

        return new DimensionValues(name, values, source);
    }

    private static long Multiply(long a, long b) =>
        a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
