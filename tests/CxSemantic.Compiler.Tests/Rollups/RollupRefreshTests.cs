using System.Collections.Immutable;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Sql;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>Refreshes by partition, stale rollups never answer, an interrupted refresh leaves the previous one serving.</summary>
public sealed class RollupRefreshTests
{
    private static readonly MetricQuery Query = TestCatalog.Query("containment_rate", "intent_complexity") with
    {
        Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month),
        Compare = new PreviousPeriodComparison(),
    };

    [Fact]
    public async Task A_refresh_after_new_data_rebuilds_only_the_partitions_still_open_and_answers_stay_equal()
    {
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 5_000, Seed = 7 });
        var engine = new DuckDbSqlEngine(database);
        var refresher = new RollupRefresher(TestCatalog.Scorecard, engine, engine);
        var first = await refresher.RefreshAsync();
        Assert.All(first, r => Assert.Equal(0, r.Kept));

        // Nothing new since (a server restarting, cxsem refresh run twice): nothing rebuilt, open partitions included.
        var unchanged = await refresher.RefreshAsync();
        Assert.Equal(first.Length, unchanged.Length);
        Assert.All(unchanged, r => Assert.Empty(r.Rebuilt));
        Assert.Contains(unchanged, r => r.Kept == 7);

        // A batch ingested (a new data version, the watermark where it was: late rows could have come with it).
        await engine.ExecuteAsync([new SqlText("UPDATE warehouse_meta SET source = 'batch-2'", [])], CancellationToken.None);
        var second = await refresher.RefreshAsync();

        // Journeys of June are read up to 21 days on (window 7 days, horizon 14): still open at the 2026-07-01 watermark,
        // as is the partition holding the watermark; January to May are final.
        var journeys = second.Single(r => r.Rollup == "journey_daily" && r.Metric == "containment_rate");
        Assert.Equal(["2026-06-01", "2026-07-01"], journeys.Rebuilt.ToArray());
        Assert.Equal(5, journeys.Kept);
        var surveys = second.Single(r => r.Rollup == "survey_daily" && r.Metric == "nps");
        Assert.Equal(["2026-07-01"], surveys.Rebuilt.ToArray());
        // Exact-cell rollups refresh the same way: a month bucket per partition.
        Assert.Equal(["2026-07-01"], second.Single(r => r.Rollup == "nps_monthly").Rebuilt.ToArray());

        var registry = await RollupRefresher.ReadAsync(engine);
        Assert.Equal(Instant.FromUtc(2026, 7, 1, 0, 0), registry.Watermark);
        Assert.Equal(first.Length, registry.Tables.Length);
        var rolled = await new MetricQueryExecutor(TestCatalog.Scorecard, engine, CompilerOptions.Default with { Rollups = registry }).ExecuteAsync(Query);
        Assert.StartsWith("-- rollup: journey_monthly", rolled.Statements[0].Sql.Text, StringComparison.Ordinal);
        RollupAnswers.Equal(await new MetricQueryExecutor(TestCatalog.Scorecard, engine).ExecuteAsync(Query), rolled);
    }

    [Fact]
    public async Task Changed_source_rows_rebuild_their_partition_and_a_moved_watermark_makes_answers_read_raw_rows_until_refreshed()
    {
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 5_000, Seed = 7 });
        var engine = new DuckDbSqlEngine(database);
        var refresher = new RollupRefresher(TestCatalog.Scorecard, engine, engine);
        await refresher.RefreshAsync();
        var registry = await RollupRefresher.ReadAsync(engine);
        var rolled = new MetricQueryExecutor(TestCatalog.Scorecard, engine, CompilerOptions.Default with { Rollups = registry });

        // February's surveys change (three withdrawn), and the watermark moves on by a day.
        await engine.ExecuteAsync(
            [
                new SqlText("DELETE FROM surveys WHERE kind = 'nps' AND interaction_id IN (SELECT interaction_id FROM surveys WHERE kind = 'nps' AND responded_at >= TIMESTAMPTZ '2026-02-10 00:00:00+00' AND responded_at < TIMESTAMPTZ '2026-02-11 00:00:00+00' LIMIT 3)", []),
                new SqlText("UPDATE warehouse_meta SET watermark_at = watermark_at + INTERVAL 1 DAY", []),
            ],
            CancellationToken.None);
        var stale = await rolled.ExecuteAsync(Query);
        Assert.DoesNotContain("-- rollup", stale.Statements[0].Sql.Text, StringComparison.Ordinal);
        Assert.Equal("rollup: none (the rollups were built at watermark 2026-07-01T00:00:00Z, and the warehouse has moved on; refresh them)", StaleExplanation(registry, engine));

        var refreshed = await refresher.RefreshAsync();
        Assert.All(refreshed.Where(r => r.Metric == "nps"), r =>
        {
            Assert.Contains("2026-02-01", r.Rebuilt);
            Assert.DoesNotContain("2026-03-01", r.Rebuilt);
        });
        var current = await RollupRefresher.ReadAsync(engine);
        var nps = TestCatalog.Query("nps", "channel") with { Time = Query.Time };
        RollupAnswers.Equal(
            await new MetricQueryExecutor(TestCatalog.Scorecard, engine).ExecuteAsync(nps),
            await new MetricQueryExecutor(TestCatalog.Scorecard, engine, CompilerOptions.Default with { Rollups = current }).ExecuteAsync(nps));
    }

    [Fact]
    public async Task An_interrupted_refresh_leaves_the_previous_rollups_serving()
    {
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 5_000, Seed = 7 });
        var engine = new DuckDbSqlEngine(database);
        await new RollupRefresher(TestCatalog.Scorecard, engine, engine).RefreshAsync();
        var before = await engine.QueryAsync(new SqlText($"SELECT * FROM {RollupColumns.RegistryTable} ORDER BY 1, 2, 4, 5", []), CancellationToken.None);
        var table = (await RollupRefresher.ReadAsync(engine)).Tables.First(t => t.Metric == "nps").Table;
        var rows = await engine.QueryAsync(new SqlText($"SELECT count(*), sum(n) FROM {table}", []), CancellationToken.None);

        // A batch arrives (the open partitions must be rebuilt); the database fails after the partitions were deleted
        // and rebuilt, before the transaction commits.
        await engine.ExecuteAsync([new SqlText("UPDATE warehouse_meta SET source = 'batch-2'", [])], CancellationToken.None);
        var failing = new FailingRunner(engine);
        await Assert.ThrowsAnyAsync<Exception>(() => new RollupRefresher(TestCatalog.Scorecard, engine, failing).RefreshAsync());
        Assert.True(failing.Failed);
        var after = await engine.QueryAsync(new SqlText($"SELECT * FROM {RollupColumns.RegistryTable} ORDER BY 1, 2, 4, 5", []), CancellationToken.None);
        Assert.Equal(before.Select(r => string.Join("|", r.Select(CellValues.Text))), after.Select(r => string.Join("|", r.Select(CellValues.Text))));
        Assert.Equal(rows[0].Select(CellValues.Text), (await engine.QueryAsync(new SqlText($"SELECT count(*), sum(n) FROM {table}", []), CancellationToken.None))[0].Select(CellValues.Text));
    }

    private static string StaleExplanation(RollupRegistry registry, DuckDbSqlEngine engine)
    {
        var compiler = new MetricCompiler(TestCatalog.Scorecard, CompilerOptions.Default with { Rollups = registry with { Stale = true } });
        return compiler.Compile(Query, engine.Dialect).Facts[0].Rollup!.Explanation;
    }

    /// <summary>Runs each batch with a failing statement appended once a batch rebuilds a partition (the engine rolls the batch back).</summary>
    private sealed class FailingRunner(ISqlStatementRunner inner) : ISqlStatementRunner
    {
        public bool Failed { get; private set; }

        public SqlDialectKind Dialect => inner.Dialect;

        public Task ExecuteAsync(ImmutableArray<SqlText> statements, CancellationToken cancellationToken)
        {
            if (statements.Any(s => s.Text.StartsWith("INSERT INTO rollup_", StringComparison.Ordinal)))
            {
                Failed = true;
                return inner.ExecuteAsync(statements.Add(new SqlText("SELECT * FROM no_such_table_interrupts_the_refresh", [])), cancellationToken);
            }

            return inner.ExecuteAsync(statements, cancellationToken);
        }
    }
}
