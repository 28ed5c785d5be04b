using CxSemantic.Compiler.Queries;
using CxSemantic.Warehouse.Demo;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>Answers from rollups equal answers from raw rows, for every metric a rollup holds.</summary>
[Collection(RollupWarehouseCollectionDefinition.Name)]
public sealed class RollupEqualityTests(RollupWarehouseFixture fixture)
{
    public static TheoryData<string, string[]> Dashboard()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var query in DemoDashboard.Queries)
        {
            data.Add(query.Metric, [.. query.GroupBy]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Dashboard))]
    public async Task The_dashboard_queries_by_month_equal_raw_rows(string metric, string[] groupBy)
    {
        var query = TestCatalog.Query(metric, groupBy) with { Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "UTC", TimeGrain.Month) };
        var raw = await fixture.Raw.ExecuteAsync(query);
        var rolled = await fixture.FromRollups.ExecuteAsync(query);
        Assert.All(rolled.Statements, s => Assert.StartsWith("-- rollup: ", s.Sql.Text, StringComparison.Ordinal));
        Assert.NotEmpty(raw.Rows);
        RollupAnswers.Equal(raw, rolled);
    }
}
