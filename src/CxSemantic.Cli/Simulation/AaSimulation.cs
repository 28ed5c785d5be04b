using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Time;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using NodaTime;

namespace CxSemantic.Cli.Simulation;

/// <summary>A metric the A/A simulation queries, and the grain of its periods.</summary>
/// <param name="Metric">The metric (grouped by its required dimensions).</param>
/// <param name="Grain">The period grain: weeks where a small warehouse fills the cells, months otherwise.</param>
internal sealed record AaProbe(string Metric, TimeGrain Grain);

/// <summary>How an A/A simulation runs.</summary>
internal sealed record AaSettings
{
    /// <summary>One metric of every type. Months for NPS (min cell 100) and the calibration sample (2 % of contacts, min cell 50), which a small warehouse cannot fill weekly.</summary>
    public static readonly ImmutableArray<AaProbe> DefaultProbes =
    [
        new("containment_rate", TimeGrain.Week),
        new("intent_fcr", TimeGrain.Week),
        new("escalation_rate", TimeGrain.Week),
        new("conversational_csat", TimeGrain.Week),
        new("nps", TimeGrain.Month),
        new("average_handle_time", TimeGrain.Week),
        new("customer_effort", TimeGrain.Week),
        new("evaluator_calibration", TimeGrain.Month),
        new("resolution_evaluator_accuracy", TimeGrain.Month),
    ];

    /// <summary>Simulated warehouses.</summary>
    public int Seeds { get; init; } = 200;

    /// <summary>Seed of the first warehouse; the others follow.</summary>
    public ulong FirstSeed { get; init; } = 1;

    /// <summary>Interactions per simulated warehouse.</summary>
    public long Interactions { get; init; } = 50_000;

    /// <summary>Interactions of the reference warehouse that gives each cell's true value.</summary>
    public long ReferenceInteractions { get; init; } = 1_000_000;

    /// <summary>Seed of the reference warehouse (not one of the simulated seeds).</summary>
    public ulong ReferenceSeed { get; init; } = 900_001;

    /// <summary>Days at the start of the data left out: journeys under way before the first day are missing there.</summary>
    public int BurnInDays { get; init; } = 7;

    /// <summary>A period is "at the edge" when it overlaps this many days before the watermark.</summary>
    public int EdgeDays { get; init; } = 14;

    /// <summary>Days before the watermark the reference window ends, so every journey in it is complete.</summary>
    public int ReferenceMarginDays { get; init; } = 42;

    /// <summary>Warehouses simulated at once (each single-threaded).</summary>
    public int Parallelism { get; init; } = 2;

    /// <summary>The metrics queried.</summary>
    public ImmutableArray<AaProbe> Probes { get; init; } = DefaultProbes;

    /// <summary>The data range of every warehouse (the demo default).</summary>
    public DemoOptions Data { get; init; } = new() { Stationary = true };

    /// <summary>
    /// The query window of a grain: from the first period start after the burn-in to the watermark. It starts on
    /// a period boundary so that every period is whole and the comparison period before it is a whole period.
    /// </summary>
    public (LocalDate From, LocalDate To) WindowFor(TimeGrain grain)
    {
        var from = LocalDate.FromDateOnly(Data.From).PlusDays(BurnInDays);
        var aligned = grain switch
        {
            TimeGrain.Week => from.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Monday)),
            TimeGrain.Month => from.Day == 1 ? from : from.With(DateAdjusters.StartOfMonth).PlusMonths(1),
            TimeGrain.Day => from,
            _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "The A/A simulation uses days, weeks or months."),
        };
        return (aligned, Watermark);
    }

    /// <summary>The watermark's date: the first day without data.</summary>
    public LocalDate Watermark => LocalDate.FromDateOnly(Data.To).PlusDays(1);

    /// <summary>The reference window: from the end of the burn-in to <see cref="ReferenceMarginDays"/> days before the watermark.</summary>
    public (LocalDate From, LocalDate To) ReferenceWindow => (LocalDate.FromDateOnly(Data.From).PlusDays(BurnInDays), Watermark.PlusDays(-ReferenceMarginDays));
}

/// <summary>
/// Runs the A/A simulation: seeded stationary demo warehouses, each queried for every probe through
/// the real executor on DuckDB with a previous-period comparison; and a large reference warehouse
/// whose values over a mature window stand for each cell's true value.
/// </summary>
internal static class AaSimulation
{
    /// <summary>The metric type a metric is counted under; null for types without intervals (simple, derived).</summary>
    public static string? KindOf(Metric metric) => metric.Spec switch
    {
        RatioMetricSpec => AaKinds.Proportion,
        DistributionMetricSpec => AaKinds.Distribution,
        MeanMetricSpec => AaKinds.Mean,
        AgreementMetricSpec => AaKinds.Agreement,
        _ => null,
    };

    /// <summary>The statistic of an agreement metric; null for other types.</summary>
    public static string? StatisticOf(Metric metric) => metric.Spec switch
    {
        AgreementMetricSpec { Statistic: AgreementStatistic.CohensKappa } => AaKinds.Kappa,
        AgreementMetricSpec => AaKinds.Accuracy,
        _ => null,
    };

    /// <summary>Generates the warehouse of <paramref name="seed"/> in memory and returns every cell of every probe.</summary>
    public static async Task<ImmutableArray<AaCell>> RunSeedAsync(MetricCatalog catalog, AaSettings settings, ulong seed, CancellationToken cancellationToken)
    {
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        DemoWarehouseGenerator.Generate(database, settings.Data with { Interactions = settings.Interactions, Seed = seed, Parallelism = 1 }, null, cancellationToken);
        var executor = new MetricQueryExecutor(catalog, new DuckDbSqlEngine(database, $"A/A warehouse {seed}"));
        var edge = settings.Watermark.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.FromDays(settings.EdgeDays);
        var cells = ImmutableArray.CreateBuilder<AaCell>();
        foreach (var probe in settings.Probes)
        {
            var metric = catalog.Metrics[probe.Metric];
            var (from, to) = settings.WindowFor(probe.Grain);
            var window = new TimeWindow(from, to, null, probe.Grain);
            var periods = PeriodCalendar.Periods(window);
            var result = await executor.ExecuteAsync(Query(metric, window), cancellationToken).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                var index = periods.IndexOf(periods.Single(p => p.Label == row.Period));
                var value = row.Metrics[metric.Name];

                // The first period's delta compares with the period before the window, inside the burn-in.
                var p = index > 0 ? value.Delta?.PValue : null;
                cells.Add(new AaCell(seed, metric.Name, KindOf(metric)!, StatisticOf(metric), row.Period!, CellKey(row.Dimensions), periods[index].End > edge, value.Value, value.Interval, p));
            }
        }

        return cells.ToImmutable();
    }

    /// <summary>
    /// Generates the reference warehouse into <paramref name="file"/> and returns each probe cell's
    /// value over the reference window, keyed by <see cref="AaTally.TruthKey"/>.
    /// </summary>
    public static async Task<ImmutableDictionary<string, double>> TruthAsync(MetricCatalog catalog, AaSettings settings, string file, int threads, CancellationToken cancellationToken)
    {
        using var database = DuckDbDatabase.Open(file, new DuckDbConfig { Threads = threads });
        DemoWarehouseGenerator.Generate(database, settings.Data with { Interactions = settings.ReferenceInteractions, Seed = settings.ReferenceSeed, Parallelism = threads }, null, cancellationToken);
        var executor = new MetricQueryExecutor(catalog, new DuckDbSqlEngine(database, "A/A reference warehouse"));
        var (from, to) = settings.ReferenceWindow;
        var truth = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var probe in settings.Probes)
        {
            var metric = catalog.Metrics[probe.Metric];
            var result = await executor.ExecuteAsync(Query(metric, new TimeWindow(from, to)), cancellationToken).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                if (row.Metrics[metric.Name].Value is { } value)
                {
                    truth[AaTally.TruthKey(metric.Name, CellKey(row.Dimensions))] = value;
                }
            }
        }

        return truth.ToImmutable();
    }

    private static MetricQuery Query(Metric metric, TimeWindow window) => new()
    {
        Metrics = [metric.Name],
        GroupBy = metric.Segmentation.Required,
        Time = window,
        Compare = window.Grain is null ? null : new PreviousPeriodComparison(),
        Caller = Caller.WithRole("cx_analyst"),
    };

    private static string CellKey(ImmutableArray<object?> dimensions) =>
        string.Join("/", dimensions.Select(d => d switch
        {
            null => "∅",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => d.ToString(),
        }));
}
