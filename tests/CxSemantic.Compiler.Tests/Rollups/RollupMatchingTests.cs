using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>Which rollup the planner picks for a query, and why none when none can answer exactly.</summary>
public sealed class RollupMatchingTests
{
    private static readonly TimeWindow HalfYear = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month);

    private static RollupRegistry Registry(long dailyRows = 1000, long monthlyRows = 100) => new(
        Instant.FromUtc(2026, 7, 1, 0, 0),
        [.. TestCatalog.Scorecard.Rollups.Values.SelectMany(r => r.Metrics.Select(m =>
        {
            var hash = RollupDefinitions.Hash(TestCatalog.Scorecard, CompilerOptions.Default, r, TestCatalog.Scorecard.Metrics[m], SqlDialectKind.DuckDb);
            return new RollupTable(r.Name, m, RollupColumns.Table(r.Name, hash), hash, r.Grain == Definitions.Model.RollupGrain.Month ? monthlyRows : dailyRows);
        }))]);

    private static string Choice(MetricQuery query, RollupRegistry? registry = null) =>
        new MetricCompiler(TestCatalog.Scorecard, CompilerOptions.Default with { Rollups = registry ?? Registry() })
            .Compile(query, SqlDialectKind.DuckDb).Facts[0].Rollup!.Explanation;

    private static MetricQuery Containment(TimeWindow? time = null) => TestCatalog.Query("containment_rate", "intent_complexity") with { Time = time ?? HalfYear };

    [Fact]
    public void The_smallest_rollup_that_answers_is_picked()
    {
        Assert.StartsWith("rollup: journey_monthly (table rollup_journey_monthly_", Choice(Containment()), StringComparison.Ordinal);
        Assert.StartsWith("rollup: journey_daily (table rollup_journey_daily_", Choice(Containment(), Registry(dailyRows: 10, monthlyRows: 100)), StringComparison.Ordinal);
    }

    [Fact]
    public void Periods_off_the_rollup_grain_fall_back_to_the_finer_rollup_or_raw_rows()
    {
        var weeks = Containment(new TimeWindow(new LocalDate(2026, 1, 5), new LocalDate(2026, 3, 30), "UTC", TimeGrain.Week));
        Assert.StartsWith("rollup: journey_daily", Choice(weeks), StringComparison.Ordinal);
        var berlin = Containment(HalfYear with { Zone = "Europe/Berlin" });
        Assert.Equal(
            "rollup: none (journey_daily: period 2026-01-01 has a bound (2025-12-31T23:00 in UTC) that is not a day boundary in UTC; " +
            "journey_monthly: period 2026-01-01 has a bound (2025-12-31T23:00 in UTC) that is not a month boundary in UTC)",
            Choice(berlin));
    }

    [Fact]
    public void Dimensions_filters_and_row_filters_must_be_the_rollups()
    {
        var byChannel = Containment() with { GroupBy = ["intent_complexity", "channel"] };
        Assert.Equal("rollup: none (journey_daily: it is not split by channel; journey_monthly: it is not split by channel)", Choice(byChannel));
        var tenant = Containment().WithClaims("tenant_manager", ("tenant", "acme"));
        Assert.StartsWith("rollup: journey_daily", Choice(tenant), StringComparison.Ordinal);
        var filtered = Containment() with { Filters = [new DimensionFilter("segment", FilterOperator.Equal, ["smb"])] };
        Assert.StartsWith("rollup: journey_daily", Choice(filtered), StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_cell_rollups_answer_only_their_own_cells_for_clustered_metrics()
    {
        var quarters = Containment(HalfYear with { Grain = TimeGrain.Quarter });
        Assert.StartsWith("rollup: journey_daily", Choice(quarters), StringComparison.Ordinal);
        var noWindow = Containment() with { Time = null };
        Assert.StartsWith("rollup: journey_daily", Choice(noWindow), StringComparison.Ordinal);

        var reasons = new MetricCompiler(TestCatalog.Scorecard, CompilerOptions.Default with { Rollups = Registry() with { Tables = [.. Registry().Tables.Where(t => t.Rollup == "journey_monthly")] } });
        string Why(MetricQuery query) => reasons.Compile(query, SqlDialectKind.DuckDb).Facts[0].Rollup!.Explanation;
        Assert.Equal("rollup: none (journey_daily: not built for this definition of containment_rate (hash " + Hash("journey_daily") + "); refresh it; journey_monthly: period 2026-01-01 is not one month in UTC, and the rollup keeps one cell per bucket)", Why(quarters));
        Assert.EndsWith("journey_monthly: the query has no time window, and the rollup keeps one cell per bucket)", Why(noWindow), StringComparison.Ordinal);
        Assert.StartsWith("rollup: journey_monthly", Why(Containment()), StringComparison.Ordinal);

        // Grouped by fewer dimensions than the exact cells: customer sums would have to be added across cells.
        var wider = TestCatalog.Scorecard.Rollups["journey_monthly"] with { Name = "journey_monthly_by_segment", Dimensions = ["intent_complexity", "segment"] };
        var catalog = TestCatalog.Scorecard with { Rollups = TestCatalog.Scorecard.Rollups.SetItem(wider.Name, wider) };
        var widerHash = RollupDefinitions.Hash(catalog, CompilerOptions.Default, wider, catalog.Metrics["containment_rate"], SqlDialectKind.DuckDb);
        var onlyWider = CompilerOptions.Default with { Rollups = Registry() with { Tables = [new RollupTable(wider.Name, "containment_rate", RollupColumns.Table(wider.Name, widerHash), widerHash, 10)] } };
        var choice = new MetricCompiler(catalog, onlyWider).Compile(Containment(), SqlDialectKind.DuckDb).Facts[0].Rollup!.Explanation;
        Assert.EndsWith("journey_monthly_by_segment: it keeps the cells of intent_complexity, segment, and the query groups by intent_complexity (its cells' customer sums do not add))", choice, StringComparison.Ordinal);
        Assert.StartsWith("rollup: journey_monthly_by_segment", new MetricCompiler(catalog, onlyWider).Compile(Containment() with { GroupBy = ["segment", "intent_complexity"] }, SqlDialectKind.DuckDb).Facts[0].Rollup!.Explanation, StringComparison.Ordinal);

        static string Hash(string rollup) => RollupDefinitions.Hash(TestCatalog.Scorecard, CompilerOptions.Default, TestCatalog.Scorecard.Rollups[rollup], TestCatalog.Scorecard.Metrics["containment_rate"], SqlDialectKind.DuckDb);
    }

    [Fact]
    public void Unbuilt_stale_and_unlisted_rollups_never_answer()
    {
        Assert.Equal("rollup: none (no rollup lists escalation_rate)", Choice(TestCatalog.Query("escalation_rate", "channel")));
        Assert.Equal("rollup: none (no rollup is built; run cxsem rollups refresh)", Choice(Containment(), RollupRegistry.Empty));
        Assert.StartsWith("rollup: none (the rollups were built at watermark 2026-07-01T00:00:00Z", Choice(Containment(), Registry() with { Stale = true }), StringComparison.Ordinal);
        var otherDefinition = Registry() with { Tables = [.. Registry().Tables.Select(t => t with { DefinitionHash = "0123456789abcdef" })] };
        Assert.Contains("journey_daily: not built for this definition of containment_rate (hash ", Choice(Containment(), otherDefinition), StringComparison.Ordinal);
    }

    [Fact]
    public void The_definition_hash_names_the_definition()
    {
        var catalog = TestCatalog.Scorecard;
        var rollup = catalog.Rollups["journey_daily"];
        var hash = RollupDefinitions.Hash(catalog, CompilerOptions.Default, rollup, catalog.Metrics["containment_rate"], SqlDialectKind.DuckDb);
        Assert.Equal(16, hash.Length);
        Assert.NotEqual(hash, RollupDefinitions.Hash(catalog, CompilerOptions.Default, rollup, catalog.Metrics["intent_fcr"], SqlDialectKind.DuckDb));
        Assert.NotEqual(hash, RollupDefinitions.Hash(catalog, CompilerOptions.Default, rollup with { Dimensions = ["intent_complexity"] }, catalog.Metrics["containment_rate"], SqlDialectKind.PostgreSql));
        Assert.Equal("rollup_journey_daily_" + hash, RollupColumns.Table("journey_daily", hash));
        Assert.NotEqual(hash, RollupDefinitions.Hash(catalog, CompilerOptions.Default, rollup with { ExactCells = true }, catalog.Metrics["containment_rate"], SqlDialectKind.DuckDb));
    }
}
