using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Model;
using static CxSemantic.Compiler.Tests.TestCatalog;

namespace CxSemantic.Compiler.Tests.Planning;

/// <summary>A chain of derived metrics plans up to the depth limit and is refused, with its own code, beyond it.</summary>
public sealed class DerivedDepthTests
{
    /// <summary>
    /// The catalog plus derived metrics <c>chain_1 … chain_n</c>, each the previous one (chain_1 over
    /// a derived metric of the catalog): querying chain_n nests n + 1 derived levels.
    /// </summary>
    private static MetricCatalog Chain(int length)
    {
        var template = Scorecard.Metrics.Values.First(m => m.Spec is DerivedMetricSpec);
        var metrics = Scorecard.Metrics;
        var previous = template.Name;
        for (var i = 1; i <= length; i++)
        {
            var spec = (DerivedMetricSpec)template.Spec;
            var link = template with { Name = $"chain_{i}", Spec = spec with { Metrics = [previous] } };
            metrics = metrics.Add(link.Name, link);
            previous = link.Name;
        }

        return Scorecard with { Metrics = metrics };
    }

    private static MetricQuery QueryOf(string metric) => Query(metric) with { GroupBy = [] };

    [Fact]
    public void A_chain_at_the_limit_plans()
    {
        // chain_8 is planned at depth 0, chain_1 at 7 and the template at MaxDerivedDepth: the deepest allowed.
        var plan = new QueryPlanner(Chain(QueryPlanner.MaxDerivedDepth)).Plan(QueryOf($"chain_{QueryPlanner.MaxDerivedDepth}"));
        Assert.Single(plan.Metrics);
    }

    [Fact]
    public void A_chain_beyond_the_limit_is_refused_as_too_deep_not_as_a_missing_metric()
    {
        var name = $"chain_{QueryPlanner.MaxDerivedDepth + 1}";
        var error = Assert.Throws<QueryException>(() =>
            new MetricCompiler(Chain(QueryPlanner.MaxDerivedDepth + 1)).Compile(QueryOf(name), SqlDialectKind.DuckDb));
        Assert.Equal(QueryErrorCodes.DerivedMetricTooDeep, error.Code);
        Assert.Equal("DERIVED_METRIC_TOO_DEEP", error.Code);
        // chain_9 is at depth 0, chain_1 at 8: the template, one level further, is the one refused.
        var template = Scorecard.Metrics.Values.First(m => m.Spec is DerivedMetricSpec).Name;
        Assert.Equal($"Derived metric '{template}' nests too deeply.", error.Message);
    }
}
