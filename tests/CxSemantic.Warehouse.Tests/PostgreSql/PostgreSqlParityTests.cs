using System.Collections.Immutable;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Warehouse.Tests.Answers;
using NodaTime;
using Xunit.Abstractions;

namespace CxSemantic.Warehouse.Tests.PostgreSql;

/// <summary>
/// Every metric of the shipped catalog answers the same on PostgreSQL as on DuckDB over the same data:
/// same cells (periods, dimension values), same n, immature counts, exclusion funnels and evaluator
/// versions, values and intervals within 1e-9 relative.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlParityTests(PostgreSqlWarehouseFixture fixture, ITestOutputHelper output)
{
    private static readonly LocalDate From = new(2026, 1, 1);
    private static readonly LocalDate To = new(2026, 7, 1);

    public static TheoryData<string> Metrics => [.. PostgreSqlWarehouseFixture.Catalog.Metrics.Keys];

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Metric_by_required_segments_monthly_in_berlin_is_identical(string metric)
    {
        var query = QueryFor(metric) with { Time = new TimeWindow(From, To, "Europe/Berlin", TimeGrain.Month) };
        await AssertSameAnswer(query, allowRefusal: true);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Metric_by_required_segments_without_grain_is_identical(string metric)
    {
        var query = QueryFor(metric) with { Time = new TimeWindow(From, To, "Europe/Berlin") };
        await AssertSameAnswer(query, allowRefusal: true);
    }

    [Fact]
    public async Task Parameterised_filter_gives_the_same_answer()
    {
        var query = new MetricQuery
        {
            Metrics = ["containment_rate", "interaction_count", "average_handle_time"],
            GroupBy = ["intent_complexity", "channel"],
            Filters = [new DimensionFilter("channel", FilterOperator.In, ["voice", "chat"])],
            Time = new TimeWindow(From, To, "UTC", TimeGrain.Quarter),
            Caller = Caller.WithRole("cx_analyst"),
        };
        var answer = await AssertSameAnswer(query);
        Assert.Equal(["chat", "voice"], answer.Rows.Select(r => (string)r.Dimensions[1]!).Distinct().Order());
    }

    [Fact]
    public async Task Tenant_row_filter_gives_the_same_answer()
    {
        var query = new MetricQuery
        {
            Metrics = ["interaction_count", "containment_rate"],
            GroupBy = ["intent_complexity", "channel"],
            Time = new TimeWindow(From, To, "Europe/Berlin", TimeGrain.Month),
            Caller = new Caller("tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", ["acme"])),
        };
        var mine = await AssertSameAnswer(query);
        var everyone = await fixture.OnPostgreSql.ExecuteAsync(query with { Caller = Caller.WithRole("cx_analyst") });
        Assert.True(
            mine.Rows.Sum(r => r.Metrics["interaction_count"].Value ?? 0) < everyone.Rows.Sum(r => r.Metrics["interaction_count"].Value ?? 0),
            "the tenant filter removes other tenants' interactions");
    }

    private static MetricQuery QueryFor(string metric) => new()
    {
        Metrics = [metric],
        GroupBy = PostgreSqlWarehouseFixture.Catalog.Metrics[metric].Segmentation.Required,
        Caller = Caller.WithRole("cx_analyst"),
    };

    private async Task<MetricQueryResult> AssertSameAnswer(MetricQuery query, bool allowRefusal = false)
    {
        MetricQueryResult duck, postgres;
        try
        {
            duck = await fixture.OnDuckDb.ExecuteAsync(query);
        }
        catch (QueryException refused) when (allowRefusal)
        {
            // A refusal is the compiler's, before any engine: PostgreSQL must refuse the same way.
            var same = await Assert.ThrowsAsync<QueryException>(() => fixture.OnPostgreSql.ExecuteAsync(query));
            Assert.Equal(refused.Message, same.Message);
            output.WriteLine($"refused on both: {refused.Message}");
            return null!;
        }

        try
        {
            postgres = await fixture.OnPostgreSql.ExecuteAsync(query);
        }
        catch (Exception ex)
        {
            var sql = fixture.OnPostgreSql.Compiler.Compile(query, Compiler.Dialects.SqlDialectKind.PostgreSql);
            throw new Xunit.Sdk.XunitException($"PostgreSQL failed: {ex.Message}\n{string.Join("\n;\n", sql.Facts.Select(f => f.Sql.Text))}");
        }

        var (rows, compared) = AnswerComparison.AssertSame(duck, postgres, "DuckDB", "PostgreSQL");
        output.WriteLine($"{rows} rows, {compared} values compared");
        return postgres;
    }
}
