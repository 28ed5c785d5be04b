using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Sql;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>
/// The rollups as the server finds them before each query (<see cref="MaterializedRollups"/> in
/// <see cref="MaterializationSources"/>): current only at the watermark and data version they were refreshed at.
/// </summary>
public sealed class MaterializedRollupsTests
{
    private static readonly MetricQuery Query = TestCatalog.Query("nps", "channel") with
    {
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month),
    };

    [Fact]
    public async Task Queries_read_rollups_once_refreshed_and_raw_rows_after_a_batch_that_left_the_watermark_in_place()
    {
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 3_000, Seed = 11 });
        var engine = new DuckDbSqlEngine(database);
        var executor = new MetricQueryExecutor(TestCatalog.Scorecard, engine, materializations: MaterializationSources.For(TestCatalog.Scorecard, engine));
        var raw = new MetricQueryExecutor(TestCatalog.Scorecard, engine);

        // Nothing built: no rollup, and no rollup comment either.
        Assert.DoesNotContain("-- rollup", (await executor.ExecuteAsync(Query)).Statements[0].Sql.Text, StringComparison.Ordinal);

        await new RollupRefresher(TestCatalog.Scorecard, engine, engine).RefreshAsync();
        var rolled = await executor.ExecuteAsync(Query);
        Assert.StartsWith("-- rollup: nps_monthly (table rollup_nps_monthly_", rolled.Statements[0].Sql.Text, StringComparison.Ordinal);
        RollupAnswers.Equal(await raw.ExecuteAsync(Query), rolled);

        // A late batch: one survey answer more in March, the watermark unchanged, the data version new.
        await engine.ExecuteAsync(
            [
                new SqlText("INSERT INTO surveys SELECT * FROM surveys WHERE kind = 'nps' AND responded_at >= TIMESTAMPTZ '2026-03-10 00:00:00+00' AND responded_at < TIMESTAMPTZ '2026-03-25 00:00:00+00' LIMIT 1", []),
                new SqlText("UPDATE warehouse_meta SET source = source || ' + late batch'", []),
            ],
            CancellationToken.None);
        Assert.Equal(1L, Convert.ToInt64((await engine.QueryAsync(new SqlText("SELECT count(*) - count(DISTINCT (interaction_id, kind)) FROM surveys", []), CancellationToken.None))[0][0]));
        var late = await executor.ExecuteAsync(Query);
        Assert.DoesNotContain("-- rollup", late.Statements[0].Sql.Text, StringComparison.Ordinal);
        Assert.True((await MaterializationSources.For(TestCatalog.Scorecard, engine).ApplyAsync(CompilerOptions.Default, CancellationToken.None)).Rollups!.Stale);
        var expected = await raw.ExecuteAsync(Query);
        RollupAnswers.Equal(expected, late);

        // Refreshed: March is rebuilt, and the rollup answers again, with the late answer counted.
        var refreshed = await new RollupRefresher(TestCatalog.Scorecard, engine, engine).RefreshAsync();
        Assert.Contains("2026-03-01", refreshed.Single(r => r.Rollup == "nps_monthly").Rebuilt);
        var again = await executor.ExecuteAsync(Query);
        Assert.StartsWith("-- rollup: nps_monthly", again.Statements[0].Sql.Text, StringComparison.Ordinal);
        RollupAnswers.Equal(expected, again);
    }

    [Fact]
    public void Journey_tables_change_where_a_rollup_reads_its_units_not_its_definition_hash()
    {
        var catalog = TestCatalog.Scorecard;
        var rollup = catalog.Rollups["journey_daily"];
        var metric = catalog.Metrics["containment_rate"];
        var withTables = CompilerOptions.Default with { MaterializedJourneys = CompilerOptions.Default.MaterializedJourneys.Add("intent_journey", "cxsem_journeys_0123456789abcdef") };
        Assert.Equal(
            RollupDefinitions.Hash(catalog, CompilerOptions.Default, rollup, metric, SqlDialectKind.DuckDb),
            RollupDefinitions.Hash(catalog, withTables, rollup, metric, SqlDialectKind.DuckDb));
    }
}
