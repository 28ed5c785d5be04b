using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Analysis;

/// <summary>What to score: one composite over one window.</summary>
/// <param name="Composite">The composite (snake_case).</param>
/// <param name="Window">The window (its grain is ignored: the window is one period).</param>
/// <param name="Filters">Filters applied to the metric's query.</param>
/// <param name="Caller">Who asks (access policy and row filters apply as to any query).</param>
public sealed record CompositeRequest(string Composite, TimeWindow Window, ImmutableArray<DimensionFilter> Filters, Caller Caller)
{
    /// <summary>The governed query the composite is scored from: its metric by its weight dimension, the window as one period.</summary>
    public MetricQuery Query(Composite composite)
    {
        ArgumentNullException.ThrowIfNull(composite);
        return new MetricQuery { Metrics = [composite.Metric], GroupBy = [composite.WeightBy], Time = Window with { Grain = null }, Filters = Filters, Caller = Caller };
    }
}

/// <summary>Why a segment present in the window is not in the composite.</summary>
public enum CompositeExclusion
{
    /// <summary>Its weight is 0 (listed so, or unlisted with default_weight 0).</summary>
    ZeroWeight,

    /// <summary>The metric is suppressed in it (below its minimum cell size): its rate is withheld.</summary>
    Suppressed,
}

/// <summary>A segment left out of a composite, with its units.</summary>
public sealed record ExcludedSegment(string Value, long Units, CompositeExclusion Reason);

/// <summary>A scored composite.</summary>
/// <param name="Composite">The definition.</param>
/// <param name="Window">The window scored.</param>
/// <param name="MetricVersion">The underlying metric's definition version.</param>
/// <param name="Score">The weighted value, its uncertainty and the segments used.</param>
/// <param name="Excluded">Segments present but left out, and why.</param>
/// <param name="Coverage">Units in the segments used over units in all segments of the window.</param>
/// <param name="CatalogVersion">The definitions' version.</param>
public sealed record CompositeScore(Composite Composite, TimeWindow Window, int MetricVersion, CompositeValue Score, ImmutableArray<ExcludedSegment> Excluded, double Coverage, string CatalogVersion);

/// <summary>
/// Scores a <see cref="Composite"/>: one governed query of its metric grouped by the weight dimension, run by the caller's
/// query runner (access rules, caching, timeouts and audit apply), then <see cref="WeightedComposite.Combine"/>.
/// A suppressed segment is left out and reported rather than refusing the whole composite: a scorecard tile should not
/// vanish because one small intent fell below its cell size, and <see cref="CompositeScore.Coverage"/> shows what was lost.
/// </summary>
public static class CompositeScorer
{
    /// <summary>Scores <paramref name="request"/>.</summary>
    /// <exception cref="QueryException">Unknown composite, no weighted segment with data in the window, or any refusal of the underlying query.</exception>
    public static async Task<CompositeScore> ScoreAsync(
        MetricCatalog catalog,
        CompositeRequest request,
        Func<MetricQuery, CancellationToken, Task<MetricQueryResult>> answer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        var composite = catalog.Composites.GetValueOrDefault(request.Composite)
            ?? throw new QueryException(QueryErrorCodes.CompositeNotFound, $"Unknown composite '{request.Composite}'.{NameSuggester.Hint(request.Composite, [.. catalog.Composites.Keys])} See metricDefinitions for the catalog.");
        var metric = catalog.Metrics[composite.Metric];
        var window = request.Window with { Grain = null };
        var result = await answer(request.Query(composite), cancellationToken).ConfigureAwait(false);

        var inputs = new List<CompositeInput>();
        var excluded = ImmutableArray.CreateBuilder<ExcludedSegment>();
        foreach (var row in result.Rows)
        {
            var value = row.Metrics[metric.Name];
            var key = Convert.ToString(row.Dimensions[0], CultureInfo.InvariantCulture) ?? "(none)";
            var weight = composite.WeightOf(key);
            if (value.Suppressed)
            {
                excluded.Add(new ExcludedSegment(key, value.N, CompositeExclusion.Suppressed));
            }
            else if (weight == 0)
            {
                excluded.Add(new ExcludedSegment(key, value.N, CompositeExclusion.ZeroWeight));
            }
            else if (value.Value is { } rate && value.N > 0)
            {
                inputs.Add(new CompositeInput(key, value.N, rate, MixShiftExplainer.WeightOf(metric, value).StandardError, weight));
            }
        }

        if (inputs.Count == 0)
        {
            throw new QueryException(
                QueryErrorCodes.NothingToExplain,
                $"Composite '{composite.Name}' has no weighted {composite.WeightBy} with a value of {metric.Name} in [{window.From:yyyy-MM-dd}, {window.To:yyyy-MM-dd}); choose a window or filters where it has data.");
        }

        var score = WeightedComposite.Combine(inputs);
        var all = score.Units + excluded.Sum(e => e.Units);
        return new CompositeScore(composite, window, metric.Version, score, excluded.ToImmutable(), all == 0 ? 0 : (double)score.Units / all, result.CatalogVersion);
    }
}
