using CxSemantic.Compiler.Queries;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Materialization;
using CxSemantic.Warehouse.Tests.Answers;
using NodaTime;

namespace CxSemantic.Warehouse.Tests.Materialization;

public sealed class MaterializedJourneyTests
{
    [Fact]
    public async Task Smoke()
    {
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 5_000, Seed = 7 });
        var engine = new DuckDbSqlEngine(database);
        var warehouse = new MaterializedWarehouse(engine, engine);
        var outcomes = await warehouse.RefreshAsync();
        Assert.Equal(RefreshMode.Full, Assert.Single(outcomes).Mode);
        var query = new MetricQuery
        {
            Metrics = ["containment_rate"],
            GroupBy = ["intent_complexity"],
            Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Month),
            Caller = Caller.WithRole("cx_analyst"),
        };
        var stitched = await warehouse.Stitched.ExecuteAsync(query);
        var materialized = await warehouse.Materialized.ExecuteAsync(query);
        Assert.Contains(warehouse.Intent.TableName, materialized.Statements[0].Sql.Text);
        AnswerComparison.AssertSame(stitched, materialized, "stitched", "materialized");
    }
}
