using System.Globalization;
using CxSemantic.Compiler.Analysis;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;

namespace CxSemantic.Server.Schema;

/// <summary>
/// <c>Query.explain</c>: binds the arguments to a <see cref="MixShiftRequest"/> and lets <see cref="MixShiftExplainer"/> run
/// its governed queries through the query service (access rules, cache, timeout, audit apply to each), then writes the
/// decomposition with the schema's field and enum names.
/// </summary>
internal static class ExplainResolver
{
    public static async ValueTask<object?> ResolveAsync(ResolverContext ctx)
    {
        var rc = RequestContext.Of(ctx);
        var snapshot = rc.Snapshot;
        var schema = snapshot.Schema;
        // Weighed with every metrics and explain field of the operation before any of them runs a statement.
        rc.Limits?.CheckCost(ctx, schema, snapshot.Catalog, rc.Caller);
        var request = new MetricQueryBinder(schema).BindExplain(ctx.Arguments, rc.Caller);
        MixShiftExplanation explanation;
        try
        {
            explanation = await MixShiftExplainer.ExplainAsync(
                snapshot.Catalog,
                request,
                rc.AnswerAsync,
                ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (QueryException ex)
        {
            throw new GraphQLException(ex.Message, ex.Code);
        }

        var dimensions = explanation.Request.By.Select(d => schema.DimensionsByName[d]).ToArray();
        var d = explanation.Decomposition;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["metric"] = explanation.Request.Metric,
            ["version"] = explanation.Version,
            ["by"] = dimensions.Select(x => x.Field).ToList(),
            ["window"] = Window(explanation.Request.Window),
            ["baseline"] = Window(explanation.Request.Baseline!),
            ["currentValue"] = d.Current,
            ["baselineValue"] = d.Baseline,
            ["currentN"] = explanation.CurrentN,
            ["baselineN"] = explanation.BaselineN,
            ["total"] = Part(d.Total),
            ["mix"] = Part(d.Mix),
            ["rate"] = Part(d.Rate),
            ["segments"] = d.Segments.Select(s => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["key"] = s.Key,
                ["values"] = s.Values.Select((v, i) => Text(MetricRowOutput.DimensionValue(dimensions[i], v))).ToList(),
                ["currentShare"] = s.CurrentShare,
                ["baselineShare"] = s.BaselineShare,
                ["currentRate"] = s.CurrentRate,
                ["baselineRate"] = s.BaselineRate,
                ["currentN"] = s.CurrentUnits,
                ["baselineN"] = s.BaselineUnits,
                ["mixContribution"] = s.MixContribution,
                ["rateContribution"] = s.RateContribution,
            }).ToList(),
            ["catalogVersion"] = explanation.CatalogVersion,
        };
    }

    internal static Dictionary<string, object?> Window(TimeWindow window) => new(StringComparer.Ordinal)
    {
        ["from"] = window.From.ToDateOnly(),
        ["to"] = window.To.ToDateOnly(),
        ["zone"] = window.Zone,
    };

    private static Dictionary<string, object?> Part(MixShiftPart part) => new(StringComparer.Ordinal)
    {
        ["value"] = part.Value,
        ["standardError"] = part.StandardError,
        ["ci"] = MetricRowOutput.Interval(part.Interval),
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
