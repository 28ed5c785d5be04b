using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Sql;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Demo;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Materialization;
using CxSemantic.Warehouse.Tests.PostgreSql;

namespace CxSemantic.Warehouse.Tests.Materialization;

/// <summary>
/// A full journey build in identity-hash slices writes exactly the rows of the one-statement build, on DuckDB and
/// PostgreSQL, with every slice holding journeys (the hash spreads identities).
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class SlicedJourneyBuildTests(PostgreSqlWarehouseFixture postgreSql)
{
    private const int Slices = 7;

    [Fact]
    public async Task A_refresh_of_20_000_contacts_at_3_000_per_slice_stitches_7_slices_equal_to_one_statement()
    {
        using var database = DemoWarehouse.Generate(new DemoOptions { Interactions = 20_000, Seed = 42 });
        var engine = new DuckDbSqlEngine(database);
        var warehouse = new MaterializedWarehouse(engine, engine);
        var refresher = new JourneyRefresher(MaterializedWarehouse.Catalog, engine, engine, contactsPerSlice: 3_000);

        var outcome = Assert.Single(await refresher.RefreshAsync(CancellationToken.None));

        Assert.Equal(RefreshMode.Full, outcome.Mode);
        Assert.Equal("no table yet; stitched in 7 slices", outcome.Reason);
        await AssertSameRowsAsync(engine, outcome.Table, warehouse, expectedTable: "one_statement_journeys");
        Assert.Equal(Slices, await ScalarAsync(engine, $"SELECT count(DISTINCT hash(k0, k1) % {Slices}) FROM {outcome.Table}"));
        Assert.Equal(outcome.Rows, await ScalarAsync(engine, $"SELECT count(*) FROM {outcome.Table}"));

        // The sliced table serves like any other: current at the same watermark, then incremental after an append.
        Assert.Equal(RefreshMode.Current, Assert.Single(await refresher.RefreshAsync(CancellationToken.None)).Mode);
    }

    [Fact]
    public async Task On_PostgreSQL_seven_slices_write_the_rows_of_one_statement()
    {
        var engine = new PostgreSqlSqlEngine(postgreSql.PostgreSql);
        var warehouse = new MaterializedWarehouse(engine, engine);
        const string sliced = "sliced_journeys_check";
        await engine.ExecuteAsync([new SqlText($"DROP TABLE IF EXISTS {sliced}", [])], CancellationToken.None);
        try
        {
            foreach (var statement in warehouse.Intent.CreateTableInSlices(sliced, Slices))
            {
                await engine.ExecuteAsync([statement], CancellationToken.None);
            }

            await AssertSameRowsAsync(engine, sliced, warehouse, expectedTable: "one_statement_journeys_check");
            Assert.Equal(
                Slices,
                await ScalarAsync(engine, $"SELECT count(DISTINCT abs(hashtextextended(concat_ws('|', CAST(k0 AS TEXT), CAST(k1 AS TEXT)), 0) % {Slices})) FROM {sliced}"));
        }
        finally
        {
            await engine.ExecuteAsync([new SqlText($"DROP TABLE IF EXISTS {sliced}", [])], CancellationToken.None);
        }
    }

    [Fact]
    public void One_slice_is_the_one_statement_build_and_fewer_than_one_is_refused()
    {
        var catalog = MaterializedWarehouse.Catalog;
        var intent = JourneyMaterialization.For(catalog, catalog.Journeys["intent_journey"], SqlDialectKind.DuckDb);

        var whole = intent.CreateTable("t");
        var one = Assert.Single(intent.CreateTableInSlices("t", 1));
        Assert.Equal(whole.Text, one.Text);
        Assert.Equal(whole.Parameters.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)), one.Parameters.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
        var statements = intent.CreateTableInSlices("t", 3);
        Assert.StartsWith("CREATE TABLE t AS ", statements[0].Text, StringComparison.Ordinal);
        Assert.All(statements.Skip(1), s => Assert.StartsWith("INSERT INTO t ", s.Text, StringComparison.Ordinal));
        Assert.Equal(3, statements.Select(s => s.Text).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => intent.CreateTableInSlices("t", 0));
    }

    /// <summary><paramref name="table"/> holds the same multiset of rows as the one-statement build.</summary>
    private static async Task AssertSameRowsAsync<TEngine>(TEngine engine, string table, MaterializedWarehouse warehouse, string expectedTable)
        where TEngine : ISqlEngine, ISqlStatementRunner
    {
        await engine.ExecuteAsync([new SqlText($"DROP TABLE IF EXISTS {expectedTable}", []), warehouse.Intent.CreateTable(expectedTable)], CancellationToken.None);
        try
        {
            var expected = await ScalarAsync(engine, $"SELECT count(*) FROM {expectedTable}");
            Assert.True(expected > 1_000, $"{expected} journeys");
            Assert.Equal(expected, await ScalarAsync(engine, $"SELECT count(*) FROM {table}"));
            Assert.Equal(0, await ScalarAsync(engine, $"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM {expectedTable}) d"));
            Assert.Equal(0, await ScalarAsync(engine, $"SELECT count(*) FROM (SELECT * FROM {expectedTable} EXCEPT ALL SELECT * FROM {table}) d"));
        }
        finally
        {
            await engine.ExecuteAsync([new SqlText($"DROP TABLE IF EXISTS {expectedTable}", [])], CancellationToken.None);
        }
    }

    private static async Task<long> ScalarAsync(ISqlEngine engine, string sql) =>
        Convert.ToInt64((await engine.QueryAsync(new SqlText(sql, []), CancellationToken.None))[0][0], CultureInfo.InvariantCulture);
}
