using System.Globalization;
using CxSemantic.Cli.Simulation;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Statistics;
using CxSemantic.Testing;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CxSemantic.Cli.Tests;

/// <summary>The A/A harness: tallies on cells whose answer is known, and a reduced run of <c>cxsem aa</c>.</summary>
public sealed class AaSimulationTests : IDisposable
{
    private static readonly string Definitions = RepositoryPaths.MetricDefinitions;
    private readonly string _temp = Directory.CreateTempSubdirectory("cxsem-aa-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static AaCell Cell(string metric, string kind, double? p, double low, double high, bool edge = false, string cell = "a", double? value = 0.5, string? statistic = null) =>
        new(1, metric, kind, statistic, "2026-02-02", cell, edge, value, value is null ? null : new ConfidenceInterval(low, high, 0.95), p);

    [Fact]
    public void Tally_counts_p_values_below_alpha_and_intervals_that_contain_the_true_value()
    {
        var cells = new List<AaCell>();

        // 100 deltas with p = 0.005, 0.015, …, 0.995: exactly 5 below 0.05. The first 20 are at the edge (all 5 hits).
        // Intervals around the true value 0.5: 94 contain it (one only at its bound), 6 lie above it.
        for (var i = 0; i < 100; i++)
        {
            var (low, high) = i < 94 ? (i == 0 ? 0.5 : 0.4, 0.6) : (0.51, 0.7);
            cells.Add(Cell("containment_rate", AaKinds.Proportion, (i + 0.5) / 100, low, high, edge: i < 20));
        }

        cells.Add(Cell("containment_rate", AaKinds.Proportion, null, 0, 0, value: null)); // suppressed: withheld, no delta
        cells.Add(Cell("containment_rate", AaKinds.Proportion, 0.9, 0, 0.1, cell: "no truth")); // a delta, but no true value: no coverage trial

        // A kappa whose 10 deltas are all "significant" and whose intervals always cover: both outside their bands,
        // for kappa and for agreement, where an accuracy that never flags and never covers joins it.
        for (var i = 0; i < 10; i++)
        {
            cells.Add(Cell("evaluator_calibration", AaKinds.Agreement, 0.01, 0.2, 0.9, edge: i < 2, statistic: AaKinds.Kappa));
            cells.Add(Cell("resolution_evaluator_accuracy", AaKinds.Agreement, 0.5, 0.6, 0.7, statistic: AaKinds.Accuracy));
        }

        var truth = new Dictionary<string, double>
        {
            [AaTally.TruthKey("containment_rate", "a")] = 0.5,
            [AaTally.TruthKey("evaluator_calibration", "a")] = 0.5,
            [AaTally.TruthKey("resolution_evaluator_accuracy", "a")] = 0.5,
        };
        var report = AaTally.Tally(cells, truth, AaTargets.Default);

        var proportion = Assert.Single(report.ByKind, l => l.Label == AaKinds.Proportion);
        Assert.Equal(new AaRate(5, 101), proportion.FalsePositives);
        Assert.Equal(new AaRate(5, 20), proportion.FalsePositivesAtEdge);
        Assert.Equal(new AaRate(94, 100), proportion.Coverage);
        Assert.Equal(new AaRate(20, 20), proportion.CoverageAtEdge);
        Assert.Equal(1, proportion.Withheld);

        var kappa = Assert.Single(report.ByMetric, l => l.Label == "evaluator_calibration");
        Assert.Equal(new AaRate(10, 10), kappa.FalsePositives);
        Assert.Equal(new AaRate(10, 10), kappa.Coverage);
        Assert.Equal(kappa with { Label = "agreement: kappa", Checked = true }, Assert.Single(report.ByKind, l => l.Label == "agreement: kappa"));
        Assert.False(Assert.Single(report.ByKind, l => l.Label == "agreement: accuracy").Checked);
        var agreement = Assert.Single(report.ByKind, l => l.Label == AaKinds.Agreement);
        Assert.Equal(new AaRate(10, 20), agreement.FalsePositives);
        Assert.Equal(new AaRate(10, 20), agreement.Coverage);
        Assert.Equal([AaKinds.Proportion, AaKinds.Agreement, "agreement: kappa", "agreement: accuracy"], report.ByKind.Select(l => l.Label));
        Assert.Equal(new AaRate(15, 121), report.Overall.FalsePositives);
        Assert.Equal(new AaRate(7, 22), report.Overall.FalsePositivesAtEdge);
        Assert.Equal(new AaRate(104, 120), report.Overall.Coverage);

        Assert.Equal<IEnumerable<string>>(
            [
                "all deltas: raw p < 5 % in 12.4 % (15/121) [7.7, 19.4] of no-change deltas; target 3.5 %–6.5 %.",
                "deltas at the edge (last two weeks): raw p < 5 % in 31.8 % (7/22) [16.4, 52.7] of no-change deltas; target 3.5 %–6.5 %.",
                "agreement: raw p < 5 % in 50.0 % (10/20) [29.9, 70.1] of no-change deltas; target 3.5 %–6.5 %.",
                "agreement: 95 % intervals cover the true value in 50.0 % (10/20) [29.9, 70.1] of cells; target 93 %–97 %.",
                "agreement: kappa: raw p < 5 % in 100.0 % (10/10) [72.2, 100.0] of no-change deltas; target 3.5 %–6.5 %.",
                "agreement: kappa: 95 % intervals cover the true value in 100.0 % (10/10) [72.2, 100.0] of cells; target 93 %–97 %.",
                // Accuracy alone (0/10 and 0/10) is shown but not checked.
            ],
            report.Misses);
    }

    [Fact]
    public void Tally_passes_figures_inside_their_bands_and_misses_a_type_without_trials()
    {
        // 5 of 100 below alpha and 95 of 100 covering, in one type; a second type is all withheld.
        var cells = Enumerable.Range(0, 100)
            .Select(i => Cell("nps", AaKinds.Distribution, i < 5 ? 0.049 : 0.05, i < 95 ? 0.4 : 0.6, 0.7, edge: i % 2 == 0))
            .Append(Cell("customer_effort", AaKinds.Mean, null, 0, 0, value: null))
            .ToList();
        var report = AaTally.Tally(cells, new Dictionary<string, double> { [AaTally.TruthKey("nps", "a")] = 0.5 }, AaTargets.Default);
        Assert.Equal<IEnumerable<string>>(
            [
                "mean: no delta with a p-value; cannot check false positives.",
                "mean: no interval with a true value; cannot check coverage.",
            ],
            report.Misses);
    }

    [Fact]
    public void Rates_carry_the_wilson_interval_of_the_textbook_formula()
    {
        // Wilson (1927): (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964.
        const double z = 1.959963984540054;
        double p = 41 / 790.0, n = 790;
        var centre = (p + (z * z / (2 * n))) / (1 + (z * z / n));
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n))) / (1 + (z * z / n));
        var rate = new AaRate(41, 790);
        Assert.Equal(centre - half, rate.Interval!.Low, 1e-9);
        Assert.Equal(centre + half, rate.Interval.High, 1e-9);
        Assert.Equal("5.2 % (41/790) [3.8, 7.0]", rate.ToString());
        Assert.Null(new AaRate(0, 0).Share);
        Assert.Equal("–", new AaRate(0, 0).ToString());
    }

    [Fact]
    public void Per_type_lines_add_up_to_the_overall_line()
    {
        var kinds = new[] { AaKinds.Proportion, AaKinds.Mean, AaKinds.Agreement };
        var cellGen =
            from kind in Gen.Elements(kinds)
            from p in Gen.Choose(0, 100).Select(x => x == 100 ? (double?)null : x / 100.0)
            from low in Gen.Choose(0, 10)
            from width in Gen.Choose(0, 10)
            from edge in Gen.Elements(true, false)
            from withheld in Gen.Elements(true, false, false)
            select new AaCell(1, "m_" + kind, kind, kind == AaKinds.Agreement ? AaKinds.Kappa : null, "2026-02-02", "a", edge, withheld ? null : 0.5, withheld ? null : new ConfidenceInterval(low / 10.0, (low + width) / 10.0, 0.95), p);
        Prop.ForAll(
            cellGen.ListOf().ToArbitrary(),
            cells =>
            {
                var truth = kinds.ToDictionary(k => AaTally.TruthKey("m_" + k, "a"), _ => 0.5);
                var report = AaTally.Tally([.. cells], truth, AaTargets.Default);
                var types = report.ByKind.Where(l => kinds.Contains(l.Label)).ToList();
                AaRate Sum(Func<AaLine, AaRate> pick) => new(types.Sum(l => pick(l).Hits), types.Sum(l => pick(l).Trials));
                return Sum(l => l.FalsePositives) == report.Overall.FalsePositives
                    && Sum(l => l.FalsePositivesAtEdge) == report.Overall.FalsePositivesAtEdge
                    && Sum(l => l.Coverage) == report.Overall.Coverage
                    && report.Overall.FalsePositives.Hits == cells.Count(c => c.PValue < 0.05)
                    && report.Overall.Coverage.Trials == cells.Count(c => c.Interval is not null)
                    && report.Overall.Coverage.Hits == cells.Count(c => c.Interval is { } i && i.Low <= 0.5 && 0.5 <= i.High);
            }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(7, TimeGrain.Week, "2026-01-12")] // 2026-01-08 is a Thursday: the next Monday
    [InlineData(7, TimeGrain.Month, "2026-02-01")]
    [InlineData(0, TimeGrain.Month, "2026-01-01")]
    [InlineData(4, TimeGrain.Week, "2026-01-05")] // already a Monday
    public void Windows_start_on_the_first_period_boundary_after_the_burn_in(int burnIn, TimeGrain grain, string from)
    {
        var settings = new AaSettings { BurnInDays = burnIn };
        Assert.Equal((LocalDate.FromDateTime(DateTime.Parse(from, CultureInfo.InvariantCulture)), new LocalDate(2026, 7, 1)), settings.WindowFor(grain));
    }

    [Fact]
    public void A_reduced_run_writes_every_cell_and_prints_what_its_cells_say()
    {
        var cells = Path.Combine(_temp, "cells.csv");
        var (exit, output, error) = Run("aa", "--definitions", Definitions, "--seeds", "2", "--interactions", "6000", "--reference-interactions", "30000", "--cells", cells);
        Assert.Equal(string.Empty, error);
        Assert.Equal(0, exit);

        var rows = File.ReadAllLines(cells).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["1", "2"], rows.Select(r => r[0]).Distinct());
        Assert.Equal(AaSettings.DefaultProbes.Select(p => p.Metric), rows.Select(r => r[1]).Distinct());

        // The printed overall figures are the counts of the file's rows.
        var deltas = rows.Where(r => r[9].Length > 0).Select(r => double.Parse(r[9], CultureInfo.InvariantCulture)).ToList();
        var covered = rows.Where(r => r[7].Length > 0 && r[10].Length > 0)
            .Select(r => (Low: Parse(r[7]), High: Parse(r[8]), Truth: Parse(r[10]))).ToList();
        var overall = output.Split('\n').Single(l => l.Contains("│ all ", StringComparison.Ordinal));
        Assert.Contains(new AaRate(deltas.Count(p => p < 0.05), deltas.Count).ToString(), overall);
        Assert.Contains(new AaRate(covered.Count(c => c.Low <= c.Truth && c.Truth <= c.High), covered.Count).ToString(), overall);

        // Weekly journey cells of the last, two-day week at the edge; nothing of the burn-in week.
        Assert.Contains(rows, r => r[1] == "containment_rate" && r[3] == "2026-06-29" && r[5] == "true");
        Assert.DoesNotContain(rows, r => string.CompareOrdinal(r[3], "2026-01-12") < 0);

        // --check turns a miss into exit 1: with 6 000 interactions the calibration cells (min 50 labels) are withheld.
        var (checkedExit, _, checkedError) = Run("aa", "--definitions", Definitions, "--seeds", "2", "--interactions", "6000", "--reference-interactions", "30000", "--check");
        Assert.Equal(1, checkedExit);
        Assert.Contains("cxsem aa: agreement: kappa: no interval with a true value; cannot check coverage.", checkedError);
    }

    [Fact]
    public void The_reference_seed_must_not_be_a_simulated_seed()
    {
        var (exit, _, error) = Run("aa", "--definitions", Definitions, "--seeds", "5", "--first-seed", "10", "--reference-seed", "14");
        Assert.Equal(2, exit);
        Assert.Equal("cxsem aa: --reference-seed 14 is one of the simulated seeds; the true values must come from other data.\n", error.Replace("\r", string.Empty));
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }
}
