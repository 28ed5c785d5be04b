using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Statistics;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Analysis;

/// <summary>What to explain: one metric's change from a baseline window to a window, split by segments.</summary>
/// <param name="Metric">The metric (snake_case).</param>
/// <param name="Window">The current window (its grain is ignored: each window is one period).</param>
/// <param name="Baseline">The baseline window; null for the window of equal length just before.</param>
/// <param name="By">The segment dimensions (at least one).</param>
/// <param name="Filters">Filters applied to both windows.</param>
/// <param name="Caller">Who asks (access policy and row filters apply as to any query).</param>
public sealed record MixShiftRequest(string Metric, TimeWindow Window, TimeWindow? Baseline, ImmutableArray<string> By, ImmutableArray<DimensionFilter> Filters, Caller Caller)
{
    /// <summary>The governed query of the metric over <paramref name="time"/> as one period, grouped by <paramref name="groupBy"/>.</summary>
    public MetricQuery Query(TimeWindow time, ImmutableArray<string> groupBy) => new()
    {
        Metrics = [Metric],
        GroupBy = groupBy,
        Time = time with { Grain = null },
        Filters = Filters,
        Caller = Caller,
    };
}

/// <summary>An explained change: the governed values of both windows and their decomposition.</summary>
/// <param name="Request">The request, with the baseline window resolved.</param>
/// <param name="Version">The metric definition's version.</param>
/// <param name="CurrentN">Units in the window.</param>
/// <param name="BaselineN">Units in the baseline window.</param>
/// <param name="Decomposition">Mix and rate parts with their segments.</param>
/// <param name="CatalogVersion">The definitions' version.</param>
public sealed record MixShiftExplanation(MixShiftRequest Request, int Version, long CurrentN, long BaselineN, MixShiftDecomposition Decomposition, string CatalogVersion);

/// <summary>
/// Answers a <see cref="MixShiftRequest"/> with four governed metric queries (the metric by the segments and overall, in
/// each window) run by the caller's query runner, so access rules, caching, timeouts and audit apply as to any query;
/// then <see cref="MixShift.Decompose"/>. The segments' weighted rates must reproduce the overall values (they do when the
/// segments partition the units); a metric that is not a unit-weighted average (counts, sums, percentiles, derived metrics,
/// agreement) is refused, as is a split with a suppressed segment (its rate is withheld, so no exact split exists).
/// </summary>
public static class MixShiftExplainer
{
    /// <summary>Relative tolerance between the segments' weighted value and the overall value.</summary>
    public const double PartitionTolerance = 1e-9;

    /// <summary>Explains <paramref name="request"/>.</summary>
    /// <exception cref="QueryException">Refused: unknown or non-decomposable metric, no segments, overlapping windows, a suppressed segment, an empty window, or any refusal of the underlying queries.</exception>
    public static async Task<MixShiftExplanation> ExplainAsync(
        MetricCatalog catalog,
        MixShiftRequest request,
        Func<MetricQuery, CancellationToken, Task<MetricQueryResult>> answer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        var metric = catalog.Metrics.GetValueOrDefault(request.Metric)
            ?? throw QueryMessages.UnknownMetric(request.Metric, string.Empty);
        if (metric.Type is MetricType.Derived or MetricType.Agreement)
        {
            throw NotDecomposable(metric.Name, $"a {metric.Type.ToString().ToLowerInvariant()} metric is not an average over units");
        }

        if (request.By.IsEmpty)
        {
            throw new QueryException(QueryErrorCodes.InvalidComparison, "explain needs at least one segment dimension in by, e.g. by: [channel].");
        }

        var window = request.Window with { Grain = null };
        var baseline = (request.Baseline ?? PeriodCalendar.Previous(request.Window)) with { Grain = null, Zone = window.Zone };
        PeriodCalendar.Bounds(window);
        PeriodCalendar.Bounds(baseline);
        if (baseline.From < window.To && window.From < baseline.To)
        {
            throw QueryMessages.BaselineOverlaps(baseline.From, baseline.To, window.From, window.To, NodaTime.Period.Between(window.From, window.To, NodaTime.PeriodUnits.Days).Days);
        }

        var answers = await Task.WhenAll(
            answer(request.Query(window, request.By), cancellationToken),
            answer(request.Query(baseline, request.By), cancellationToken),
            answer(request.Query(window, []), cancellationToken),
            answer(request.Query(baseline, []), cancellationToken)).ConfigureAwait(false);
        var current = Segments(metric, answers[0], "window");
        var before = Segments(metric, answers[1], "baseline window");
        var overallNow = Overall(metric, answers[2], window);
        var overallBefore = Overall(metric, answers[3], baseline);

        var decomposition = MixShift.Decompose(current, before);
        Reconcile(metric, request.By, decomposition.Current, overallNow.Value!.Value);
        Reconcile(metric, request.By, decomposition.Baseline, overallBefore.Value!.Value);
        return new MixShiftExplanation(
            request with { Baseline = baseline, Window = window },
            metric.Version,
            overallNow.N,
            overallBefore.N,
            decomposition,
            answers[0].CatalogVersion);
    }

    private static List<SegmentRate> Segments(Metric metric, MetricQueryResult result, string which)
    {
        var segments = new List<SegmentRate>(result.Rows.Length);
        var suppressed = new List<string>();
        foreach (var row in result.Rows)
        {
            var value = row.Metrics[metric.Name];
            var key = string.Join(" · ", row.Dimensions.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "(none)"));
            if (value.Suppressed)
            {
                suppressed.Add(string.Create(CultureInfo.InvariantCulture, $"{key} (n = {value.N})"));
                continue;
            }

            if (value.Value is not { } rate || value.N == 0)
            {
                continue;
            }

            var (weight, standardError) = WeightOf(metric, value);
            segments.Add(new SegmentRate(key, row.Dimensions, weight, value.N, rate, standardError));
        }

        if (suppressed.Count > 0)
        {
            throw new QueryException(
                QueryErrorCodes.SegmentSuppressed,
                $"In the {which}, {metric.Name} is suppressed (below its minimum cell size) for {string.Join(", ", suppressed)}: its rate is withheld, so the change cannot be split exactly. Split by fewer or coarser dimensions, widen the windows, or filter those segments out.");
        }

        return segments.Count > 0
            ? segments
            : throw new QueryException(QueryErrorCodes.NothingToExplain, $"{metric.Name} has no units in the {which}; choose windows where it has data.");
    }

    /// <summary>The weight a segment has in the metric's value (denominator of a ratio, otherwise units) and its rate's standard error.</summary>
    internal static (double Weight, double? StandardError) WeightOf(Metric metric, MetricValue value) => value.Estimate switch
    {
        // Top-box shares are reported scaled (e.g. percent): scale the share's standard error alike.
        ProportionEstimate p => (value.N, p.StandardError * (p.Value is > 0 and var share ? value.Value / share : 1)),
        NetShareEstimate s => (value.N, s.StandardError),
        MeanEstimate m => (m.N, m.StandardError),
        null when value.Denominator is { } d => (d, null),
        _ => throw NotDecomposable(metric.Name, "its value is a total (count, sum or percentile), not an average over units"),
    };

    private static MetricValue Overall(Metric metric, MetricQueryResult result, TimeWindow window)
    {
        var value = result.Rows.Select(r => r.Metrics[metric.Name]).FirstOrDefault(v => v.Value is not null);
        return value ?? throw new QueryException(
            QueryErrorCodes.NothingToExplain,
            $"{metric.Name} has no value in [{window.From:yyyy-MM-dd}, {window.To:yyyy-MM-dd}); choose windows where it has data.");
    }

    private static void Reconcile(Metric metric, ImmutableArray<string> by, double fromSegments, double overall)
    {
        if (Math.Abs(fromSegments - overall) > PartitionTolerance * Math.Max(1, Math.Abs(overall)))
        {
            throw NotDecomposable(
                metric.Name,
                string.Create(CultureInfo.InvariantCulture, $"its segments by {string.Join(", ", by)} weigh to {fromSegments:R} but its value is {overall:R} (a unit belongs to several segments or to none)"));
        }
    }

    private static QueryException NotDecomposable(string metric, string why) =>
        new(QueryErrorCodes.NotDecomposable, $"{metric} cannot be split into mix and rate: {why}. Explain a rate, share, mean or net score.");
}
