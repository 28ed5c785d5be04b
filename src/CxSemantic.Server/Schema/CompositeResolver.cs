using CxSemantic.Compiler.Analysis;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;

namespace CxSemantic.Server.Schema;

/// <summary>
/// <c>Query.composite</c>: binds the arguments to a <see cref="CompositeRequest"/> and lets <see cref="CompositeScorer"/> run its
/// governed query through the query service (access rules, cache, timeout, audit apply), then writes the score.
/// </summary>
internal static class CompositeResolver
{
    public static async ValueTask<object?> ResolveAsync(ResolverContext ctx)
    {
        var rc = RequestContext.Of(ctx);
        var snapshot = rc.Snapshot;
        // Weighed with every metrics, explain and composite field of the operation before any of them runs a statement.
        rc.Limits?.CheckCost(ctx, snapshot.Schema, snapshot.Catalog, rc.Caller);
        var request = new MetricQueryBinder(snapshot.Schema).BindComposite(ctx.Arguments, rc.Caller);
        CompositeScore score;
        try
        {
            score = await CompositeScorer.ScoreAsync(
                snapshot.Catalog,
                request,
                rc.AnswerAsync,
                ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (QueryException ex)
        {
            throw new GraphQLException(ex.Message, ex.Code);
        }

        var s = score.Score;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = score.Composite.Name,
            ["label"] = score.Composite.Label,
            ["version"] = score.Composite.Version,
            ["metric"] = score.Composite.Metric,
            ["metricVersion"] = score.MetricVersion,
            ["weightBy"] = snapshot.Schema.DimensionsByName[score.Composite.WeightBy].Field,
            ["window"] = ExplainResolver.Window(score.Window),
            ["value"] = s.Value,
            ["standardError"] = s.StandardError,
            ["ci"] = MetricRowOutput.Interval(s.Interval),
            ["n"] = s.Units,
            ["coverage"] = score.Coverage,
            ["components"] = s.Components.Select(c => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["value"] = c.Value,
                ["n"] = c.Units,
                ["rate"] = c.Rate,
                ["standardError"] = c.StandardError,
                ["weight"] = c.Weight,
                ["share"] = c.Share,
            }).ToList(),
            ["excluded"] = score.Excluded.Select(e => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["value"] = e.Value,
                ["n"] = e.Units,
                ["reason"] = e.Reason == CompositeExclusion.Suppressed ? "SUPPRESSED" : "ZERO_WEIGHT",
            }).ToList(),
            ["catalogVersion"] = score.CatalogVersion,
        };
    }
}
