using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Schema;

namespace CxSemantic.Server.Limits;

/// <summary>
/// The limits of one request: its time budget, who it counts against in the statement queue, and the cost check of
/// its <c>metrics</c> fields. The cost of the whole operation (every <c>metrics</c> field, under every alias) is
/// weighed once, when the first of them resolves and before any of them has run a statement; each field then reads its
/// own verdict.
/// </summary>
/// <param name="budget">The request's time budget.</param>
/// <param name="callerKey">Who the request counts against for fairness (subject and address).</param>
/// <param name="options">The configured limits.</param>
internal sealed class RequestLimits(RequestBudget budget, string callerKey, QueryLimitOptions options)
{
    private readonly Lock _gate = new();
    private Dictionary<string, GraphQLException>? _refusals;

    /// <summary>The request's time budget.</summary>
    public RequestBudget Budget => budget;

    /// <summary>Who the request counts against for fairness (subject and address).</summary>
    public string CallerKey => callerKey;

    /// <summary>The configured limits.</summary>
    public QueryLimitOptions Options => options;

    /// <summary>Refuses the <c>metrics</c> field being resolved when it, or the request as a whole, costs too much.</summary>
    /// <exception cref="GraphQLException">QUERY_TOO_EXPENSIVE or TOO_MANY_FILTER_VALUES, with the estimate, the ceiling and a fix.</exception>
    public void CheckCost(ResolverContext ctx, MetricsSchema schema, Definitions.Model.MetricCatalog catalog, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        Dictionary<string, GraphQLException> refusals;
        lock (_gate)
        {
            refusals = _refusals ??= OperationCost.Refusals(ctx, schema, catalog, caller, Options);
        }

        if (refusals.TryGetValue(ctx.ResponseKey, out var refusal))
        {
            throw refusal;
        }
    }
}
