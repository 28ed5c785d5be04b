using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Analysis;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Model;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;
using NodaTime;

namespace CxSemantic.Server.Schema;

/// <summary>
/// Binds <c>Query.metrics</c> to the compiler's <see cref="MetricQuery"/>: the <c>MetricRow</c> fields selected under
/// <c>rows</c> (metrics compute, dimensions group) and the <c>time</c>, <c>where</c>, <c>compare</c>, <c>order</c> and
/// <c>limit</c> arguments, from GraphQL names to catalog names. What the schema cannot refuse is refused here with a
/// <see cref="GraphQLException"/>, which the engine reports at the <c>metrics</c> field.
/// </summary>
/// <param name="schema">The generated schema whose field and enum names are bound.</param>
internal sealed class MetricQueryBinder(MetricsSchema schema)
{
    /// <summary>The query for the selected row fields and the field's arguments, asked by <paramref name="caller"/>.</summary>
    public MetricQuery Bind(IReadOnlyList<string> rowFields, IReadOnlyDictionary<string, object?> arguments, Caller caller)
    {
        var metrics = rowFields.Where(schema.MetricsByField.ContainsKey).Select(f => schema.MetricsByField[f].Name).ToImmutableArray();
        var groupBy = rowFields.Where(schema.DimensionsByField.ContainsKey).Select(f => schema.DimensionsByField[f].Name).ToImmutableArray();
        if (metrics.IsEmpty)
        {
            throw new GraphQLException(
                "Select at least one metric under rows, e.g. rows { containmentRate { value n } }: selected metrics are computed, selected dimensions group (see metricDefinitions for the metric fields).",
                ServerErrorCodes.NoMetricSelected);
        }

        return new MetricQuery
        {
            Metrics = metrics,
            GroupBy = groupBy,
            Time = Time(arguments.GetValueOrDefault("time") as IReadOnlyDictionary<string, object?>),
            Filters = Filters(arguments.GetValueOrDefault("where") as IReadOnlyDictionary<string, object?>),
            Compare = Compare(arguments.GetValueOrDefault("compare") as IReadOnlyDictionary<string, object?>),
            Order = Order(arguments.GetValueOrDefault("order") as IEnumerable<object?>),
            Limit = Limit(arguments.GetValueOrDefault("limit")),
            Caller = caller,
        };
    }

    /// <summary>The mix-shift request of <c>Query.explain</c>'s arguments, asked by <paramref name="caller"/>.</summary>
    public MixShiftRequest BindExplain(IReadOnlyDictionary<string, object?> arguments, Caller caller)
    {
        var by = ((IEnumerable<object?>?)arguments.GetValueOrDefault("by") ?? []).Select(f => Convert.ToString(f, CultureInfo.InvariantCulture) ?? string.Empty)
            .Select(f => schema.DimensionsByField.TryGetValue(f, out var d) ? d.Name : f)
            .ToImmutableArray();
        return new MixShiftRequest(
            arguments.GetValueOrDefault("metric") as string ?? string.Empty,
            Time(arguments.GetValueOrDefault("time") as IReadOnlyDictionary<string, object?>)!,
            Time(arguments.GetValueOrDefault("baseline") as IReadOnlyDictionary<string, object?>),
            by,
            Filters(arguments.GetValueOrDefault("where") as IReadOnlyDictionary<string, object?>),
            caller);
    }

    /// <summary>The composite request of <c>Query.composite</c>'s arguments, asked by <paramref name="caller"/>.</summary>
    public CompositeRequest BindComposite(IReadOnlyDictionary<string, object?> arguments, Caller caller) => new(
        arguments.GetValueOrDefault("name") as string ?? string.Empty,
        Time(arguments.GetValueOrDefault("time") as IReadOnlyDictionary<string, object?>)!,
        Filters(arguments.GetValueOrDefault("where") as IReadOnlyDictionary<string, object?>),
        caller);

    private static int? Limit(object? value) => value switch
    {
        null => null,
        int i when i >= 0 => i,
        int => throw new GraphQLException("limit must be 0 or more; leave it out for every row (up to the server's maximum).", ServerErrorCodes.InvalidArgument),
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    private static TimeWindow? Time(IReadOnlyDictionary<string, object?>? time)
    {
        if (time is null)
        {
            return null;
        }

        var grain = time.GetValueOrDefault("grain") is string g ? Enum.Parse<TimeGrain>(g, ignoreCase: true) : (TimeGrain?)null;
        return new TimeWindow(Date(time["from"]), Date(time["to"]), time.GetValueOrDefault("zone") as string, grain);
    }

    private static LocalDate Date(object? value) => value switch
    {
        DateOnly d => LocalDate.FromDateOnly(d),
        LocalDate l => l,
        string s => NodaTime.Text.LocalDatePattern.Iso.Parse(s).GetValueOrThrow(),
        _ => throw new GraphQLException("Dates are written YYYY-MM-DD, e.g. \"2026-01-01\".", QueryErrorCodes.InvalidTimeRange),
    };

    private Comparison? Compare(IReadOnlyDictionary<string, object?>? compare)
    {
        if (compare is null)
        {
            return null;
        }

        var previous = compare.GetValueOrDefault("previousPeriod") is true;
        var baseline = compare.GetValueOrDefault("baseline") as IReadOnlyDictionary<string, object?>;
        var groups = compare.GetValueOrDefault("groups") as IReadOnlyDictionary<string, object?>;
        if ((previous ? 1 : 0) + (baseline is null ? 0 : 1) + (groups is null ? 0 : 1) > 1)
        {
            throw new GraphQLException(
                "compare takes one of previousPeriod: true, a baseline window or groups; remove the others.", ServerErrorCodes.InvalidArgument);
        }

        return (previous, baseline, groups) switch
        {
            (true, _, _) => new PreviousPeriodComparison(),
            (_, not null, _) => new BaselineComparison(Date(baseline["from"]), Date(baseline["to"])),
            (_, _, not null) => Groups(groups),
            _ => null,
        };
    }

    private GroupComparison Groups(IReadOnlyDictionary<string, object?> groups)
    {
        var field = groups.GetValueOrDefault("dimension") as string ?? string.Empty;
        if (!schema.DimensionsByField.TryGetValue(field, out var dimension))
        {
            throw new GraphQLException($"compare.groups.dimension '{field}' is not a dimension field; see the dimensions query.", ServerErrorCodes.InvalidArgument);
        }

        var reference = groups.GetValueOrDefault("reference") as string ?? string.Empty;
        return new GroupComparison(dimension.Name, dimension.FromGraphQL.GetValueOrDefault(reference) ?? reference, groups.GetValueOrDefault("paired") is true);
    }

    private ImmutableArray<DimensionFilter> Filters(IReadOnlyDictionary<string, object?>? where)
    {
        if (where is null)
        {
            return [];
        }

        var filters = ImmutableArray.CreateBuilder<DimensionFilter>();
        foreach (var (field, operations) in where)
        {
            if (operations is not IReadOnlyDictionary<string, object?> ops || !schema.DimensionsByField.TryGetValue(field, out var dimension))
            {
                continue;
            }

            foreach (var (op, value) in ops)
            {
                if (value is not null && Filter(dimension, op, value) is { } filter)
                {
                    filters.Add(filter);
                }
            }
        }

        return filters.ToImmutable();
    }

    /// <summary>One operation of a dimension's filter input (<c>eq</c>, <c>in</c>, <c>isNull</c>, …).</summary>
    private static DimensionFilter? Filter(DimensionField dimension, string op, object value)
    {
        DimensionFilter One(FilterOperator @operator) => new(dimension.Name, @operator, [FilterValue(dimension, value)]);
        DimensionFilter Many(FilterOperator @operator) => new(dimension.Name, @operator, [.. ((IEnumerable<object?>)value).Select(v => FilterValue(dimension, v))]);
        return op switch
        {
            "eq" => One(FilterOperator.Equal),
            "neq" => One(FilterOperator.NotEqual),
            "in" => Many(FilterOperator.In),
            "nin" => Many(FilterOperator.NotIn),
            "gt" => One(FilterOperator.GreaterThan),
            "gte" => One(FilterOperator.GreaterThanOrEqual),
            "lt" => One(FilterOperator.LessThan),
            "lte" => One(FilterOperator.LessThanOrEqual),
            "isNull" => new DimensionFilter(dimension.Name, value is true ? FilterOperator.IsNull : FilterOperator.IsNotNull, []),
            _ => null,
        };
    }

    private static object FilterValue(DimensionField dimension, object? value) => value switch
    {
        null => throw new GraphQLException($"Filter values on {dimension.Field} cannot be null; use isNull: true.", QueryErrorCodes.InvalidFilter),
        string s when dimension.Type == DimensionType.Enum => dimension.FromGraphQL.TryGetValue(s, out var v) ? v : s,
        DateOnly d => LocalDate.FromDateOnly(d),
        int i => (double)i,
        _ => value,
    };

    private ImmutableArray<OrderTerm> Order(IEnumerable<object?>? order)
    {
        if (order is null)
        {
            return [];
        }

        var terms = ImmutableArray.CreateBuilder<OrderTerm>();
        foreach (var item in order.OfType<IReadOnlyDictionary<string, object?>>())
        {
            foreach (var (field, direction) in item)
            {
                if (direction is not string d)
                {
                    continue;
                }

                var name = field == "period" ? "period"
                    : schema.DimensionsByField.TryGetValue(field, out var dimension) ? dimension.Name
                    : schema.MetricsByField.TryGetValue(field, out var metric) ? metric.Name
                    : field;
                terms.Add(new OrderTerm(name, d == "DESC" ? SortDirection.Descending : SortDirection.Ascending));
            }
        }

        return terms.ToImmutable();
    }
}
