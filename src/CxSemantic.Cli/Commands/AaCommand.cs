using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Cli.Simulation;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem aa</c>: the A/A simulation. Seeded stationary demo warehouses (no effect changes any
/// metric's expected value over time) are queried period by period with a previous-period
/// comparison; every delta is a no-change delta, so raw p &lt; 0.05 should occur in 5 % of them,
/// and nominal 95 % intervals should contain the true value in 95 % of cells.
/// </summary>
internal static class AaCommand
{
    private const string Method = """
        A/A simulation: are p-values and 95 % intervals honest on data with no change?

        Generates --seeds small demo warehouses (seeds --first-seed, +1, …) with no planted time effect
        (evaluators keep one version, no faulty bot release), so consecutive periods of one warehouse have
        the same expected value of every metric. For one metric of every type (proportion on journeys and
        on interactions, distribution, mean, agreement: Cohen's kappa and accuracy) it runs the governed
        query through the real executor on DuckDB, grouped by the metric's required dimensions, in weekly
        periods (monthly for NPS and the calibration sample, too small for weekly cells) from the end of
        the burn-in to the watermark, with compare: previousPeriod.

        False positives: every delta shown is a no-change delta; the share with raw (unadjusted) p < 0.05
        should be 5 % (target 3.5–6.5 %), overall, per metric type, and for periods that overlap the last
        --edge-days days before the watermark, where immature journeys bias cells.

        Coverage: a cell's true value is unknown, so it is estimated once from a reference warehouse with the
        same parameters and --reference-interactions (another seed), over the query window without its last
        six weeks (every journey complete): one value per metric and dimension cell. The share of shown 95 %
        intervals containing it should be 93–97 % per metric type, and for kappa on its own. The reference's
        own sampling error is small next to a simulated cell's (its n is hundreds of times larger) and only
        lowers coverage a little.

        The table shows each share with its count and a 95 % Wilson interval (the simulation's own error).
        --check exits 1 when a figure is outside its band. docs/aa-simulation.md explains the method.
        """;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitions = new Option<DirectoryInfo>("--definitions") { Description = "The definitions folder.", DefaultValueFactory = _ => new DirectoryInfo("metric-definitions") };
        var seeds = new Option<int>("--seeds") { Description = "Simulated warehouses (200 by default: with 40, the agreement checks, about 500 deltas, carry ±2.5 points of simulation error).", DefaultValueFactory = _ => 200 };
        var firstSeed = new Option<ulong>("--first-seed") { Description = "Seed of the first warehouse; the others follow.", DefaultValueFactory = _ => 1 };
        var interactions = new Option<long>("--interactions", "-n") { Description = "Interactions per simulated warehouse.", DefaultValueFactory = _ => 50_000 };
        var referenceInteractions = new Option<long>("--reference-interactions") { Description = "Interactions of the reference warehouse (true values).", DefaultValueFactory = _ => 1_000_000 };
        var referenceSeed = new Option<ulong>("--reference-seed") { Description = "Seed of the reference warehouse.", DefaultValueFactory = _ => 900_001 };
        var burnIn = new Option<int>("--burn-in-days") { Description = "Days at the start of the data left out (journeys under way before it are missing).", DefaultValueFactory = _ => 7 };
        var edge = new Option<int>("--edge-days") { Description = "Periods overlapping this many days before the watermark are reported apart.", DefaultValueFactory = _ => 14 };
        var parallel = new Option<int>("--parallel") { Description = "Warehouses simulated at once.", DefaultValueFactory = _ => Math.Min(2, Environment.ProcessorCount) };
        var cells = new Option<FileInfo?>("--cells") { Description = "Also write every cell (value, interval, p-value, true value) to this CSV file." };
        var check = new Option<bool>("--check") { Description = "Exit 1 when a figure is outside its target band." };
        var command = new Command("aa", Method) { definitions, seeds, firstSeed, interactions, referenceInteractions, referenceSeed, burnIn, edge, parallel, cells, check };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new AaSettings
            {
                Seeds = parse.GetValue(seeds),
                FirstSeed = parse.GetValue(firstSeed),
                Interactions = parse.GetValue(interactions),
                ReferenceInteractions = parse.GetValue(referenceInteractions),
                ReferenceSeed = parse.GetValue(referenceSeed),
                BurnInDays = parse.GetValue(burnIn),
                EdgeDays = parse.GetValue(edge),
                Parallelism = Math.Max(1, parse.GetValue(parallel)),
            };
            return RunAsync(settings, parse.GetValue(definitions)!, parse.GetValue(cells), parse.GetValue(check), output, error, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(AaSettings settings, DirectoryInfo definitions, FileInfo? cellsFile, bool check, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Validate(settings) is { } problem)
        {
            error.WriteLine($"cxsem aa: {problem}");
            return 2;
        }

        if (ValidateCommand.Load(definitions, error)?.Catalog is not { } catalog)
        {
            error.WriteLine("cxsem aa: the definitions are invalid (see cxsem validate).");
            return 2;
        }

        var missing = settings.Probes.Where(p => !catalog.Metrics.TryGetValue(p.Metric, out var m) || AaSimulation.KindOf(m) is null).Select(p => p.Metric).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"cxsem aa: the catalog has no metric with an interval named {string.Join(", ", missing)}.");
            return 2;
        }

        // A report written to a file or pipe: plain text, wide enough that the tables do not wrap.
        var toFile = !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = toFile ? AnsiSupport.No : AnsiSupport.Detect });
        if (toFile)
        {
            console.Profile.Width = 200;
        }

        var clock = Stopwatch.StartNew();
        var reference = Path.Combine(Path.GetTempPath(), $"cxsem-aa-reference-{Guid.NewGuid():N}.duckdb");
        var results = new ConcurrentDictionary<ulong, IReadOnlyList<AaCell>>();
        IReadOnlyDictionary<string, double> truth;
        try
        {
            truth = await AaSimulation.TruthAsync(catalog, settings, reference, Math.Max(1, settings.Parallelism), cancellationToken).ConfigureAwait(false);
            var truthSeconds = clock.Elapsed.TotalSeconds;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, settings.Seeds).Select(i => settings.FirstSeed + (ulong)i),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                async (seed, token) => results[seed] = await AaSimulation.RunSeedAsync(catalog, settings, seed, token).ConfigureAwait(false)).ConfigureAwait(false);
            console.MarkupLine(CultureInfo.InvariantCulture, $"[grey]Reference warehouse ({settings.ReferenceInteractions:N0} interactions, seed {settings.ReferenceSeed}) in {truthSeconds:F0} s; {settings.Seeds} warehouses of {settings.Interactions:N0} interactions in {clock.Elapsed.TotalSeconds - truthSeconds:F0} s.[/]");
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cxsem aa: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is QueryException or DuckDBException)
        {
            error.WriteLine($"cxsem aa: {ex.Message}");
            return 1;
        }
        finally
        {
            File.Delete(reference);
            File.Delete(reference + ".wal");
        }

        // Seed order, whatever order the workers finished in: the same options give the same report and file.
        var all = results.OrderBy(r => r.Key).SelectMany(r => r.Value).ToList();
        var report = AaTally.Tally(all, truth, AaTargets.Default);
        if (cellsFile is not null)
        {
            WriteCells(cellsFile, all, truth);
        }

        Print(console, settings, report, catalog);
        if (report.Misses.IsEmpty)
        {
            console.MarkupLine("[green]Every figure is within its target band.[/]");
            return 0;
        }

        foreach (var miss in report.Misses)
        {
            (check ? error : output).WriteLine((check ? "cxsem aa: " : "outside the target: ") + miss);
        }

        return check ? 1 : 0;
    }

    private static string? Validate(AaSettings settings)
    {
        if (settings.Seeds < 1)
        {
            return $"--seeds must be at least 1; got {settings.Seeds}.";
        }

        foreach (var (name, value) in new[] { ("--interactions", settings.Interactions), ("--reference-interactions", settings.ReferenceInteractions) })
        {
            if (value is < 1 or > DemoOptions.MaxInteractions)
            {
                return $"{name} must be between 1 and {DemoOptions.MaxInteractions:N0}; got {value:N0}.";
            }
        }

        if (settings.ReferenceSeed >= settings.FirstSeed && settings.ReferenceSeed - settings.FirstSeed < (ulong)settings.Seeds)
        {
            return $"--reference-seed {settings.ReferenceSeed} is one of the simulated seeds; the true values must come from other data.";
        }

        var days = settings.Data.To.DayNumber - settings.Data.From.DayNumber + 1;
        if (settings.BurnInDays < 0 || settings.EdgeDays < 1 || settings.BurnInDays + settings.ReferenceMarginDays + 28 > days)
        {
            return $"--burn-in-days must be at least 0 and leave 4 weeks of reference data (of {days} days), and --edge-days at least 1.";
        }

        return null;
    }

    private static void Print(IAnsiConsole console, AaSettings settings, AaReport report, MetricCatalog catalog)
    {
        var grains = settings.Probes.ToDictionary(p => p.Metric, p => p.Grain, StringComparer.Ordinal);
        var windows = string.Join(", ", settings.Probes.Select(p => p.Grain).Distinct().Select(g => (g, settings.WindowFor(g))).Select(w => $"{w.g.ToString().ToLowerInvariant()}s {w.Item2.From:yyyy-MM-dd} .. {w.Item2.To:yyyy-MM-dd}"));
        var (refFrom, refTo) = settings.ReferenceWindow;
        console.MarkupLine(CultureInfo.InvariantCulture, $"A/A simulation: {settings.Seeds} stationary warehouses × {settings.Interactions:N0} interactions (seeds {settings.FirstSeed}–{settings.FirstSeed + (ulong)settings.Seeds - 1}); {windows} (UTC, compare: previousPeriod); true values from {settings.ReferenceInteractions:N0} interactions over {refFrom:yyyy-MM-dd} .. {refTo:yyyy-MM-dd}.");
        console.MarkupLine(CultureInfo.InvariantCulture, $"[grey]Share (hits/trials) [[95 % Wilson interval]]. \"Edge\": periods overlapping the last {settings.EdgeDays} days before the watermark. Targets: raw p < 0.05 in 3.5–6.5 %, coverage 93–97 %.[/]");

        var byMetric = new Table().Title("Per metric").AddColumns("metric", "type", "grain", "p < 0.05", "p < 0.05 at the edge", "95 % CI coverage", "coverage at the edge", "withheld");
        foreach (var line in report.ByMetric)
        {
            byMetric.AddRow(
                Markup.Escape(line.Label),
                Markup.Escape(string.Join(": ", new[] { AaSimulation.KindOf(catalog.Metrics[line.Label]), AaSimulation.StatisticOf(catalog.Metrics[line.Label]) }.OfType<string>())),
                grains[line.Label].ToString().ToLowerInvariant(),
                Markup.Escape(line.FalsePositives.ToString()),
                Markup.Escape(line.FalsePositivesAtEdge.ToString()),
                Markup.Escape(line.Coverage.ToString()),
                Markup.Escape(line.CoverageAtEdge.ToString()),
                line.Withheld.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(byMetric);
        var targets = AaTargets.Default;
        var byKind = new Table().Title("Per metric type (checked)").AddColumns("type", "p < 0.05", "p < 0.05 at the edge", "95 % CI coverage", "coverage at the edge");
        foreach (var line in report.ByKind.Append(report.Overall))
        {
            var overall = ReferenceEquals(line, report.Overall);
            byKind.AddRow(
                overall ? "[bold]all[/]" : Markup.Escape(line.Label + (line.Checked ? string.Empty : " (not checked)")),
                Mark(line.FalsePositives, targets.FalsePositiveLow, targets.FalsePositiveHigh, line.Checked || overall),
                Mark(line.FalsePositivesAtEdge, targets.FalsePositiveLow, targets.FalsePositiveHigh, overall),
                Mark(line.Coverage, targets.CoverageLow, targets.CoverageHigh, line.Checked),
                Markup.Escape(line.CoverageAtEdge.ToString()));
        }

        console.Write(byKind);
    }

    private static string Mark(AaRate rate, double low, double high, bool checkedFigure) =>
        !checkedFigure ? Markup.Escape(rate.ToString())
        : AaTally.InBand(rate, low, high) ? $"[green]{Markup.Escape(rate.ToString())}[/]"
        : $"[red]{Markup.Escape(rate.ToString())}[/]";

    /// <summary>One CSV row per cell, in seed order; the true value is empty when the reference has none.</summary>
    private static void WriteCells(FileInfo file, IEnumerable<AaCell> cells, IReadOnlyDictionary<string, double> truth)
    {
        using var writer = new StreamWriter(file.FullName);
        writer.WriteLine("seed,metric,type,period,cell,at_edge,value,ci_low,ci_high,p_value,true_value");
        static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
        foreach (var c in cells)
        {
            var known = truth.TryGetValue(AaTally.TruthKey(c.Metric, c.Cell), out var t) ? t : (double?)null;
            writer.WriteLine(string.Join(
                ',',
                c.Seed.ToString(CultureInfo.InvariantCulture),
                c.Metric,
                c.Kind,
                c.Period,
                '"' + c.Cell.Replace("\"", "\"\"", StringComparison.Ordinal) + '"',
                c.AtEdge ? "true" : "false",
                Number(c.Value),
                Number(c.Interval?.Low),
                Number(c.Interval?.High),
                Number(c.PValue),
                Number(known)));
        }
    }
}
