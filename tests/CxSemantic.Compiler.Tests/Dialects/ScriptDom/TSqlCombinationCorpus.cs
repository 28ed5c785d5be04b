using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Dialects.ScriptDom;

/// <summary>One point of the combination corpus: a metric under one window, grain and filter.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Window">The window's name (<see cref="TSqlCombinationCorpus.Windows"/>).</param>
/// <param name="Grain">The grain, or null for one period.</param>
/// <param name="Filter">The filter's name (<c>none</c>, a dimension, or <c>all</c>).</param>
/// <param name="Query">The query.</param>
public sealed record CorpusPoint(string Metric, string Window, TimeGrain? Grain, string Filter, MetricQuery Query)
{
    public override string ToString() => $"{Metric} × {Window} × {Grain?.ToString() ?? "no grain"} × filter {Filter}";
}

/// <summary>
/// The dialect corpus widened to every metric × window × grain × filter combination: the windows include a
/// DST change and a window without a zone, every grain (and none), and filters on each dimension the metric
/// may be sliced by (with an operator and a value of the dimension's type), all of them at once, and none.
/// </summary>
/// <remarks>
/// The full cross product (about 6 500 compilations, a minute of ScriptDom parsing on two cores) runs with
/// <c>CXSEM_LONG=1</c>. By default every pair of axes is still covered: every window × grain without a filter, and
/// every filter under every window at the monthly grain and without a window.
/// </remarks>
public static class TSqlCombinationCorpus
{
    /// <summary>True when <c>CXSEM_LONG=1</c> asks for the full cross product.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("CXSEM_LONG") == "1";

    /// <summary>The windows, by name; <c>none</c> is a query without a time window (no grain then).</summary>
    public static readonly ImmutableArray<(string Name, TimeWindow? Window)> Windows =
    [
        ("q1-berlin", new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 1), "Europe/Berlin")),
        ("dst-spring-berlin", new TimeWindow(new LocalDate(2026, 3, 28), new LocalDate(2026, 3, 31), "Europe/Berlin")),
        ("year-turn-utc", new TimeWindow(new LocalDate(2025, 12, 29), new LocalDate(2026, 1, 5))),
        ("none", null),
    ];

    /// <summary>Every grain, and null (one period spanning the window).</summary>
    public static readonly ImmutableArray<TimeGrain?> Grains = [null, .. Enum.GetValues<TimeGrain>().Cast<TimeGrain?>()];

    /// <summary>Every combination for <paramref name="metric"/>.</summary>
    public static IEnumerable<CorpusPoint> For(string metric)
    {
        var catalog = DialectCorpus.Catalog;
        var definition = catalog.Metrics[metric];
        var baseQuery = DialectCorpus.QueryFor(metric);
        var filters = Filters(catalog, definition);
        foreach (var (windowName, window) in Windows)
        {
            foreach (var grain in window is null ? [null] : Grains)
            {
                foreach (var (filterName, filter) in filters)
                {
                    if (!Full && filterName != "none" && grain != TimeGrain.Month && window is not null)
                    {
                        continue;
                    }

                    var query = baseQuery with { Time = window is null ? null : window with { Grain = grain }, Filters = filter };
                    yield return new CorpusPoint(metric, windowName, grain, filterName, query);
                }
            }
        }
    }

    /// <summary>Compiles a point to T-SQL: its statements, or the refusal.</summary>
    public static (ImmutableArray<string> Statements, QueryException? Refusal) Compile(MetricCompiler compiler, CorpusPoint point)
    {
        try
        {
            return ([.. compiler.Compile(point.Query, SqlDialectKind.TSql).Facts.Select(f => f.Sql.Text)], null);
        }
        catch (QueryException refusal)
        {
            return ([], refusal);
        }
    }

    private static List<(string Name, ImmutableArray<DimensionFilter> Filter)> Filters(MetricCatalog catalog, Metric metric)
    {
        var single = metric.Segmentation.Required.Concat(metric.Segmentation.Allowed)
            .Distinct(StringComparer.Ordinal)
            .Select((dimension, i) => FilterOn(catalog, dimension, i))
            .ToList();
        var filters = new List<(string, ImmutableArray<DimensionFilter>)> { ("none", []) };
        filters.AddRange(single.Select(f => (f.Dimension, ImmutableArray.Create(f))));
        if (single.Count > 1)
        {
            filters.Add(("all", [.. single]));
        }

        return filters;
    }

    /// <summary>A filter on <paramref name="dimension"/>: its type decides the operator and value; the index varies the operator.</summary>
    private static DimensionFilter FilterOn(MetricCatalog catalog, string dimension, int index)
    {
        var declared = catalog.Models.Values.Select(m => m.FindDimension(dimension)).FirstOrDefault(d => d is { Via: null });
        return declared?.Type switch
        {
            DimensionType.Enum when declared.Values.Length > 1 => (index % 3) switch
            {
                0 => new(dimension, FilterOperator.Equal, [declared.Values[0]]),
                1 => new(dimension, FilterOperator.In, [declared.Values[0], declared.Values[^1]]),
                _ => new(dimension, FilterOperator.NotIn, [declared.Values[^1]]),
            },
            DimensionType.String or DimensionType.Enum => index % 2 == 0
                ? new(dimension, FilterOperator.NotEqual, ["n/a"])
                : new(dimension, FilterOperator.IsNotNull, []),
            DimensionType.Number => new(dimension, index % 2 == 0 ? FilterOperator.GreaterThan : FilterOperator.LessThanOrEqual, [3L]),
            DimensionType.Boolean => new(dimension, FilterOperator.Equal, [true]),
            DimensionType.Date => new(dimension, FilterOperator.GreaterThanOrEqual, [new DateOnly(2026, 2, 1)]),
            DimensionType.Time => new(dimension, FilterOperator.LessThan, [new DateTime(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc)]),

            // A journey attribute or a joined dimension: IS NULL needs no value of its type.
            _ => new(dimension, FilterOperator.IsNull, []),
        };
    }
}
