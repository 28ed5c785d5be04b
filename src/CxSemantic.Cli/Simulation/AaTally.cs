using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Statistics;

namespace CxSemantic.Cli.Simulation;

/// <summary>
/// One governed cell seen in one simulated warehouse: its interval, and the raw p-value of its
/// delta against the previous period when there is one. Every delta of an A/A warehouse is a
/// no-change delta (the data has no time effects).
/// </summary>
/// <param name="Seed">The warehouse's seed.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Kind">The metric type it is counted under (see <see cref="AaKinds"/>).</param>
/// <param name="Statistic">For agreement metrics, the statistic (<see cref="AaKinds.Kappa"/> is also checked on its own); else null.</param>
/// <param name="Period">The period label.</param>
/// <param name="Cell">The dimension values, joined (empty without dimensions): the key of the cell's true value.</param>
/// <param name="AtEdge">The period overlaps the last days before the watermark (the last two weeks by default).</param>
/// <param name="Value">The value shown, when not withheld.</param>
/// <param name="Interval">Its confidence interval, when shown.</param>
/// <param name="PValue">Raw (unadjusted) two-sided p-value of the delta, when a delta with a p-value is shown.</param>
internal sealed record AaCell(ulong Seed, string Metric, string Kind, string? Statistic, string Period, string Cell, bool AtEdge, double? Value, ConfidenceInterval? Interval, double? PValue);

/// <summary>The metric types the A/A report groups by (the definitions' types; a ratio of counts is a proportion), and the agreement statistics.</summary>
internal static class AaKinds
{
    public const string Proportion = "proportion";
    public const string Distribution = "distribution";
    public const string Mean = "mean";
    public const string Agreement = "agreement";

    /// <summary>Cohen's kappa, an agreement statistic whose intervals issue 11 names apart.</summary>
    public const string Kappa = "kappa";

    /// <summary>Accuracy (share of labels equal to the human label), an agreement statistic.</summary>
    public const string Accuracy = "accuracy";
}

/// <summary>A count of hits among trials, with its share and the share's 95 % Wilson interval.</summary>
/// <param name="Hits">Trials that hit (p &lt; α, or an interval that covers the true value).</param>
/// <param name="Trials">Trials.</param>
internal sealed record AaRate(long Hits, long Trials)
{
    /// <summary>Hits / trials; null without trials.</summary>
    public double? Share => Trials == 0 ? null : (double)Hits / Trials;

    /// <summary>95 % Wilson interval of the share (sampling error of the simulation itself).</summary>
    public ConfidenceInterval? Interval => Proportion.Wilson(Hits, Trials).Interval;

    /// <summary>E.g. <c>5.2 % (41/790) [3.9, 6.9]</c>, or <c>–</c> without trials.</summary>
    public override string ToString() =>
        Share is not { } share
            ? "–"
            : string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.0} % ({Hits}/{Trials}) [{Interval!.Low * 100:0.0}, {Interval.High * 100:0.0}]");
}

/// <summary>The figures of one line of the report (a metric, a metric type, or everything).</summary>
/// <param name="Label">What the line counts.</param>
/// <param name="FalsePositives">Deltas with raw p &lt; α among all deltas.</param>
/// <param name="FalsePositivesAtEdge">The same for deltas whose period is at the edge.</param>
/// <param name="Coverage">Intervals containing the true value among all shown intervals with a known true value.</param>
/// <param name="CoverageAtEdge">The same for cells at the edge.</param>
/// <param name="Withheld">Cells without a value or without an interval (suppressed, undefined): not counted above.</param>
/// <param name="Checked">Whether its false-positive rate and coverage are checked against the bands.</param>
internal sealed record AaLine(string Label, AaRate FalsePositives, AaRate FalsePositivesAtEdge, AaRate Coverage, AaRate CoverageAtEdge, long Withheld, bool Checked = false);

/// <summary>The target bands of the A/A simulation (issue 11's "done means").</summary>
/// <param name="Alpha">The significance level of a raw p-value.</param>
/// <param name="FalsePositiveLow">Lowest acceptable share of no-change deltas with p &lt; α.</param>
/// <param name="FalsePositiveHigh">Highest acceptable share.</param>
/// <param name="CoverageLow">Lowest acceptable coverage of nominal 95 % intervals.</param>
/// <param name="CoverageHigh">Highest acceptable coverage.</param>
internal sealed record AaTargets(double Alpha = 0.05, double FalsePositiveLow = 0.035, double FalsePositiveHigh = 0.065, double CoverageLow = 0.93, double CoverageHigh = 0.97)
{
    /// <summary>The bands of the issue: 5 % ± 1.5 of p &lt; 0.05, coverage 93–97 %.</summary>
    public static AaTargets Default { get; } = new();
}

/// <summary>The tallied A/A simulation: lines per metric, per metric type and overall, and the targets missed.</summary>
/// <param name="ByMetric">One line per metric, in the order first seen.</param>
/// <param name="ByKind">
/// One line per metric type, in the order first seen, then one per agreement statistic (e.g. <c>agreement: kappa</c>).
/// Types and kappa are checked; accuracy alone is not (one metric with monthly cells has too few deltas for the band).
/// </param>
/// <param name="Overall">Every cell.</param>
/// <param name="Misses">Each figure outside its target band, as a sentence; empty when all are in.</param>
internal sealed record AaReport(ImmutableArray<AaLine> ByMetric, ImmutableArray<AaLine> ByKind, AaLine Overall, ImmutableArray<string> Misses);

/// <summary>
/// Counts false positives and interval coverage over the cells of an A/A simulation, and checks
/// them against the target bands. Pure: the cells and true values come from the caller.
/// </summary>
internal static class AaTally
{
    /// <summary>Tallies <paramref name="cells"/> against the true values per (metric, cell).</summary>
    /// <param name="cells">Every cell of every warehouse.</param>
    /// <param name="truth">The true value of a cell, keyed by <see cref="TruthKey"/>; cells without one are not counted for coverage.</param>
    /// <param name="targets">The bands to check.</param>
    public static AaReport Tally(IReadOnlyList<AaCell> cells, IReadOnlyDictionary<string, double> truth, AaTargets targets)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(targets);
        var byMetric = cells.Select(c => c.Metric).Distinct(StringComparer.Ordinal)
            .Select(m => Line(m, cells.Where(c => c.Metric == m), truth, targets)).ToImmutableArray();
        var byKind = cells.Select(c => c.Kind).Distinct(StringComparer.Ordinal)
            .Select(k => Line(k, cells.Where(c => c.Kind == k), truth, targets) with { Checked = true })
            .Concat(cells.Where(c => c.Statistic is not null).Select(c => (c.Kind, c.Statistic)).Distinct()
                .Select(s => Line($"{s.Kind}: {s.Statistic}", cells.Where(c => c.Kind == s.Kind && c.Statistic == s.Statistic), truth, targets) with { Checked = s.Statistic == AaKinds.Kappa }))
            .ToImmutableArray();
        var overall = Line("all", cells, truth, targets);

        var misses = ImmutableArray.CreateBuilder<string>();
        void CheckFalsePositives(string what, AaRate rate)
        {
            if (rate.Trials == 0)
            {
                misses.Add($"{what}: no delta with a p-value; cannot check false positives.");
            }
            else if (!InBand(rate, targets.FalsePositiveLow, targets.FalsePositiveHigh))
            {
                misses.Add($"{what}: raw p < {Percent(targets.Alpha)} in {rate} of no-change deltas; target {Percent(targets.FalsePositiveLow)}–{Percent(targets.FalsePositiveHigh)}.");
            }
        }

        void CheckCoverage(string what, AaRate rate)
        {
            if (rate.Trials == 0)
            {
                misses.Add($"{what}: no interval with a true value; cannot check coverage.");
            }
            else if (!InBand(rate, targets.CoverageLow, targets.CoverageHigh))
            {
                misses.Add($"{what}: 95 % intervals cover the true value in {rate} of cells; target {Percent(targets.CoverageLow)}–{Percent(targets.CoverageHigh)}.");
            }
        }

        CheckFalsePositives("all deltas", overall.FalsePositives);
        CheckFalsePositives("deltas at the edge (last two weeks)", overall.FalsePositivesAtEdge);
        foreach (var line in byKind.Where(l => l.Checked))
        {
            CheckFalsePositives(line.Label, line.FalsePositives);
            CheckCoverage(line.Label, line.Coverage);
        }

        return new AaReport(byMetric, byKind, overall, misses.ToImmutable());
    }

    /// <summary>The key of a cell's true value: metric and dimension values (the period is not part of it: the data is stationary).</summary>
    public static string TruthKey(string metric, string cell) => metric + "|" + cell;

    private static AaLine Line(string label, IEnumerable<AaCell> cells, IReadOnlyDictionary<string, double> truth, AaTargets targets)
    {
        long fp = 0, deltas = 0, fpEdge = 0, deltasEdge = 0, covered = 0, intervals = 0, coveredEdge = 0, intervalsEdge = 0, withheld = 0;
        foreach (var cell in cells)
        {
            if (cell.PValue is { } p)
            {
                var hit = p < targets.Alpha ? 1 : 0;
                deltas++;
                fp += hit;
                if (cell.AtEdge)
                {
                    deltasEdge++;
                    fpEdge += hit;
                }
            }

            if (cell.Value is null || cell.Interval is not { } interval)
            {
                withheld++;
                continue;
            }

            if (truth.TryGetValue(TruthKey(cell.Metric, cell.Cell), out var value))
            {
                var hit = interval.Low <= value && value <= interval.High ? 1 : 0;
                intervals++;
                covered += hit;
                if (cell.AtEdge)
                {
                    intervalsEdge++;
                    coveredEdge += hit;
                }
            }
        }

        return new AaLine(label, new AaRate(fp, deltas), new AaRate(fpEdge, deltasEdge), new AaRate(covered, intervals), new AaRate(coveredEdge, intervalsEdge), withheld);
    }

    internal static bool InBand(AaRate rate, double low, double high) => rate.Share is { } share && share >= low && share <= high;

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
