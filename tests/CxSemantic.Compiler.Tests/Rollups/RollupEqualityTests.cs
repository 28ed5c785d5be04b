using CxSemantic.Compiler.Queries;
using CxSemantic.Warehouse.Demo;
using NodaTime;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>Answers from rollups equal answers from raw rows, for every metric a rollup holds (DuckDB).</summary>
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

    public static TheoryData<string> Corpus() => [.. RollupCorpus.Cases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Dashboard))]
    public async Task The_dashboard_queries_by_month_equal_raw_rows(string metric, string[] groupBy)
    {
        var query = TestCatalog.Query(metric, groupBy) with { Time = new TimeWindow(RollupCorpus.January, RollupCorpus.July, "UTC", TimeGrain.Month) };
        var raw = await fixture.Raw.ExecuteAsync(query);
        var rolled = await fixture.FromRollups.ExecuteAsync(query);
        Assert.All(rolled.Statements, s => Assert.StartsWith("-- rollup: ", s.Sql.Text, StringComparison.Ordinal));
        Assert.NotEmpty(raw.Rows);
        RollupAnswers.Equal(raw, rolled);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Every_corpus_query_equals_raw_rows_and_reads_the_expected_rollup(string name)
    {
        var (_, query, rollup) = RollupCorpus.Cases().Single(c => c.Name == name);
        var raw = await fixture.Raw.ExecuteAsync(query);
        var rolled = await fixture.FromRollups.ExecuteAsync(query);
        Assert.All(raw.Statements, s => Assert.DoesNotContain("-- rollup", s.Sql.Text, StringComparison.Ordinal));
        if (rollup is null)
        {
            Assert.All(rolled.Statements, s => Assert.DoesNotContain("-- rollup", s.Sql.Text, StringComparison.Ordinal));
        }
        else
        {
            // "metric=a b" pairs; "a,b" names the rollups of a metric's statements in order (its periods, then a baseline's).
            var expected = rollup.Split(' ').Select(r => r.Split('=')).ToDictionary(r => r.Length == 2 ? r[0] : string.Empty, r => r[^1].Split(','));
            var statementsSoFar = new Dictionary<string, int>();
            Assert.All(rolled.Statements, s =>
            {
                var names = expected.GetValueOrDefault(s.Metric) ?? expected[string.Empty];
                var index = statementsSoFar[s.Metric] = statementsSoFar.GetValueOrDefault(s.Metric, -1) + 1;
                var name = names[Math.Min(index, names.Length - 1)];
                Assert.StartsWith($"-- rollup: {name} (table rollup_{name}_", s.Sql.Text, StringComparison.Ordinal);
            });
        }

        Assert.NotEmpty(raw.Rows);
        RollupAnswers.Equal(raw, rolled);
    }

    [Fact]
    public async Task The_corpus_exercises_deltas_suppression_immaturity_and_withheld_intervals()
    {
        // The equality above is only worth something where the answers carry these.
        var values = new List<CxSemantic.Compiler.Execution.MetricValue>();
        foreach (var (_, query, rollup) in RollupCorpus.Cases().Where(c => c.Rollup is not null))
        {
            values.AddRange((await fixture.FromRollups.ExecuteAsync(query)).Rows.SelectMany(r => r.Metrics.Values));
        }

        Assert.Contains(values, v => v.Delta is not null);
        Assert.Contains(values, v => v.DeltaWithheld is not null);
        Assert.Contains(values, v => v.Suppressed);
        Assert.Contains(values, v => v.Immature > 0);
        Assert.Contains(values, v => v.DesignEffect is not null && v.Clusters > 1);
        Assert.Contains(values, v => v.Funnel.Any(f => f.Units > 0));
    }
}
