using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
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

        var expected = duck.Rows.OrderBy(Key, StringComparer.Ordinal).ToList();
        var actual = postgres.Rows.OrderBy(Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(Key), actual.Select(Key));
        Assert.NotEmpty(expected);
        var compared = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            var cell = Key(expected[i]);
            Assert.Equal(expected[i].Metrics.Keys.Order(), actual[i].Metrics.Keys.Order());
            foreach (var (metric, e) in expected[i].Metrics)
            {
                var a = actual[i].Metrics[metric];
                var where = $"{metric} at {cell}";
                Assert.True(e.N == a.N, $"{where}: n {e.N} on DuckDB, {a.N} on PostgreSQL");
                Assert.True(e.Immature == a.Immature, $"{where}: immature {e.Immature} on DuckDB, {a.Immature} on PostgreSQL");
                Assert.True(e.Suppressed == a.Suppressed, $"{where}: suppressed differs");
                Assert.Equal(e.Funnel.ToArray(), a.Funnel.ToArray());
                Assert.Equal(e.EvaluatorVersions.ToArray(), a.EvaluatorVersions.ToArray());
                AssertClose(e.Value, a.Value, where + ": value");
                AssertClose(e.Numerator, a.Numerator, where + ": numerator");
                AssertClose(e.Denominator, a.Denominator, where + ": denominator");
                AssertClose(e.Interval?.Low, a.Interval?.Low, where + ": interval low");
                AssertClose(e.Interval?.High, a.Interval?.High, where + ": interval high");
                Assert.Equal(e.Status, a.Status);
                compared += e.Value is null ? 0 : 1;
            }
        }

        output.WriteLine($"{expected.Count} rows, {compared} values compared");
        return postgres;
    }

    private static void AssertClose(double? expected, double? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: {Show(expected)} on DuckDB, {Show(actual)} on PostgreSQL");
            return;
        }

        var scale = Math.Max(1e-300, Math.Max(Math.Abs(expected.Value), Math.Abs(actual.Value)));
        Assert.True(
            expected.Value == actual.Value || Math.Abs(expected.Value - actual.Value) / scale <= 1e-9,
            $"{what}: {Show(expected)} on DuckDB, {Show(actual)} on PostgreSQL");
    }

    private static string Show(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";

    private static string Key(ResultRow row) =>
        (row.Period ?? "-") + " | " + string.Join(" | ", row.Dimensions.Select(d => d switch
        {
            null => "null",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => d.ToString(),
        }));
}
