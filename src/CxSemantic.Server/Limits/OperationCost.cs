using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Schema;

namespace CxSemantic.Server.Limits;

/// <summary>
/// Weighs every <c>metrics</c> field of an operation before any runs (the engine's look-ahead over the operation, with
/// arguments coerced as execution will): <c>in</c> lists longer than <see cref="QueryLimitOptions.MaxFilterValues"/>,
/// fields above <see cref="QueryLimitOptions.MaxCellsPerField"/> cells, and, when the fields left exceed
/// <see cref="QueryLimitOptions.MaxCellsPerRequest"/> together, all of them.
/// </summary>
internal static class OperationCost
{
    private const string MetricsField = "metrics";
    private const string ExplainField = "explain";
    private const string CompositeField = "composite";

    /// <summary>The refusals by response key; fields that cannot be bound are left to fail with their own error.</summary>
    public static Dictionary<string, GraphQLException> Refusals(ResolverContext ctx, MetricsSchema schema, Definitions.Model.MetricCatalog catalog, Caller caller, QueryLimitOptions options)
    {
        var refusals = new Dictionary<string, GraphQLException>(StringComparer.Ordinal);
        var admitted = new List<(string Key, long Cells)>();
        var operation = ctx.OperationLookAhead();
        foreach (var field in operation.Fields.Where(f => f.Name is MetricsField or ExplainField or CompositeField))
        {
            IReadOnlyDictionary<string, object?> arguments;
            try
            {
                arguments = ctx.ArgumentsOf(field);
            }
            catch (GraphQLException)
            {
                continue;
            }

            if (LongFilter(field.ResponseKey, arguments, options) is { } tooLong)
            {
                refusals[field.ResponseKey] = tooLong;
                continue;
            }

            var estimate = field.Name == ExplainField ? ExplainEstimate(schema, caller, options, arguments)
                : field.Name == CompositeField ? CompositeEstimate(schema, catalog, caller, options, arguments)
                : operation.Select(field).Select("rows").FieldNames is { Count: > 0 } selected ? Estimate(schema, caller, options, selected, arguments) : null;
            if (estimate is null)
            {
                continue;
            }

            if (estimate.Cells > options.MaxCellsPerField)
            {
                refusals[field.ResponseKey] = Refusal(LimitMessages.FieldTooExpensive(field.ResponseKey, estimate, options.MaxCellsPerField), estimate.Cells, options.MaxCellsPerField);
                continue;
            }

            admitted.Add((field.ResponseKey, estimate.Cells));
        }

        var total = admitted.Aggregate(0L, (sum, f) => sum > long.MaxValue - f.Cells ? long.MaxValue : sum + f.Cells);
        if (total > options.MaxCellsPerRequest)
        {
            foreach (var (key, _) in admitted)
            {
                refusals[key] = Refusal(LimitMessages.RequestTooExpensive(total, admitted.Count, options.MaxCellsPerRequest), total, options.MaxCellsPerRequest);
            }
        }

        return refusals;
    }

    /// <summary>
    /// An <c>explain</c> field's cells: its metric by its segments in two windows (the overall values are two cells more,
    /// left out). Weighed with the <c>metrics</c> fields, so aliased <c>explain</c> fields count against the request too.
    /// </summary>
    private static CellEstimate? ExplainEstimate(MetricsSchema schema, Caller caller, QueryLimitOptions options, IReadOnlyDictionary<string, object?> arguments) =>
        EstimateOf(schema, options, () =>
        {
            var request = new MetricQueryBinder(schema).BindExplain(arguments, caller);
            return request.Query(request.Window, request.By);
        }) is { } segments
            ? segments with { Periods = segments.Periods * 2 }
            : null;

    /// <summary>A <c>composite</c> field's cells: the query it is scored from (its metric by its weight dimension, one window).</summary>
    private static CellEstimate? CompositeEstimate(MetricsSchema schema, Definitions.Model.MetricCatalog catalog, Caller caller, QueryLimitOptions options, IReadOnlyDictionary<string, object?> arguments) =>
        EstimateOf(schema, options, () =>
        {
            var request = new MetricQueryBinder(schema).BindComposite(arguments, caller);
            return catalog.Composites.TryGetValue(request.Composite, out var composite) ? request.Query(composite) : null;
        });

    private static CellEstimate? Estimate(MetricsSchema schema, Caller caller, QueryLimitOptions options, IReadOnlyList<string> selected, IReadOnlyDictionary<string, object?> arguments) =>
        EstimateOf(schema, options, () => new MetricQueryBinder(schema).Bind(selected, arguments, caller));

    /// <summary>The cells of the query a field would run; null when it cannot be bound (the field is refused for its own reason when it runs).</summary>
    private static CellEstimate? EstimateOf(MetricsSchema schema, QueryLimitOptions options, Func<MetricQuery?> bind)
    {
        try
        {
            return bind() is { } query ? CellEstimate.Of(query, schema, options.UnlistedDimensionValues) : null;
        }
        catch (Exception ex) when (ex is GraphQLException or QueryException)
        {
            return null;
        }
    }

    private static GraphQLException? LongFilter(string field, IReadOnlyDictionary<string, object?> arguments, QueryLimitOptions options)
    {
        if (arguments.GetValueOrDefault("where") is not IReadOnlyDictionary<string, object?> where)
        {
            return null;
        }

        foreach (var (dimension, operations) in where)
        {
            if (operations is not IReadOnlyDictionary<string, object?> ops)
            {
                continue;
            }

            foreach (var (op, value) in ops)
            {
                if (value is ICollection<object?> list && list.Count > options.MaxFilterValues)
                {
                    return new GraphQLException(LimitMessages.FilterTooLong(field, dimension, op, list.Count, options.MaxFilterValues), LimitMessages.TooManyFilterValues)
                    {
                        Extensions = new Dictionary<string, object?> { ["values"] = list.Count, ["ceiling"] = options.MaxFilterValues },
                    };
                }
            }
        }

        return null;
    }

    private static GraphQLException Refusal(string message, long estimate, long ceiling) =>
        new(message, LimitMessages.QueryTooExpensive)
        {
            Extensions = new Dictionary<string, object?> { ["estimate"] = estimate, ["ceiling"] = ceiling },
        };
}
