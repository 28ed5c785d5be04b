using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Hosting;

namespace CxSemantic.Server.Schema;

/// <summary>Per-request data the resolvers need, passed in <c>ContextData["cx"]</c>.</summary>
/// <param name="Snapshot">The catalog snapshot the request runs against (fixed for the whole request).</param>
/// <param name="State">The catalog state (for problems of the last reload).</param>
/// <param name="Queries">Runs metric queries (cache, timeout, limits).</param>
/// <param name="Caller">Who asks.</param>
internal sealed record RequestContext(CatalogSnapshot Snapshot, CatalogState State, MetricQueryService Queries, Caller Caller)
{
    /// <summary>The request's limits (time budget, fairness, cost); null where none apply (in-process callers).</summary>
    public Limits.RequestLimits? Limits { get; init; }

    /// <summary>Runs a governed query of this request through the service (cache, audit, the request's limits).</summary>
    public Task<Compiler.Execution.MetricQueryResult> AnswerAsync(MetricQuery query, CancellationToken cancellationToken) =>
        Queries.ExecuteAsync(Snapshot, query, Limits, cancellationToken);

    /// <summary>The key in <c>ContextData</c>.</summary>
    public const string Key = "cx";

    /// <summary>The request context of a resolver's request.</summary>
    public static RequestContext Of(ResolverContext ctx) =>
        ctx.GetContextData<RequestContext>(Key) ?? throw new InvalidOperationException("The request context is missing.");
}
