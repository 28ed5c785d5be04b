using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Planning;
using CxSemantic.Compiler.Rollups;
using CxSemantic.Compiler.Tests.PostgreSql;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading;

namespace CxSemantic.Compiler.Tests.Rollups;

/// <summary>
/// The rollup corpus on PostgreSQL: the rollup warehouse's rows copied into a database of the shared server, rollups
/// built there by <see cref="RollupRefresher"/>, and every answer from them equal to the answer from raw rows.
/// </summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlRollupEqualityTests(PostgreSqlFixture postgres)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (MetricQueryExecutor Raw, MetricQueryExecutor FromRollups)? Built;

    private async Task<(MetricQueryExecutor Raw, MetricQueryExecutor FromRollups)> ExecutorsAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (Built is { } ready)
            {
                return ready;
            }

            using var source = Testing.DemoWarehouse.Generate(new Warehouse.Demo.DemoOptions { Interactions = 30_000, Seed = 42 });
            var dataSource = await postgres.Server.CreateDatabaseAsync("cxsem_rollups");
            await PostgreSqlWarehouseLoader.LoadFromDuckDbAsync(source, dataSource);
            var engine = new PostgreSqlSqlEngine(dataSource);
            await new RollupRefresher(TestCatalog.Scorecard, engine, engine).RefreshAsync();
            var registry = await RollupRefresher.ReadAsync(engine);
            Assert.NotEmpty(registry.Tables);
            Built = (new MetricQueryExecutor(TestCatalog.Scorecard, engine), new MetricQueryExecutor(TestCatalog.Scorecard, engine, CompilerOptions.Default with { Rollups = registry }));
            return Built.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static TheoryData<string> Corpus() => [.. RollupCorpus.Cases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Every_corpus_query_from_rollups_equals_raw_rows_on_PostgreSQL(string name)
    {
        var (_, query, rollup) = RollupCorpus.Cases().Single(c => c.Name == name);
        var (raw, fromRollups) = await ExecutorsAsync();
        var expected = await raw.ExecuteAsync(query);
        var actual = await fromRollups.ExecuteAsync(query);
        Assert.Equal(rollup is not null, actual.Statements.All(s => s.Sql.Text.StartsWith("-- rollup: ", StringComparison.Ordinal)));
        Assert.NotEmpty(expected.Rows);
        RollupAnswers.Equal(expected, actual);
    }
}
