using System.Globalization;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.Engines;
using CxSemantic.Warehouse.Loading.SqlServer;
using CxSemantic.Warehouse.Migrations.SqlServer;
using CxSemantic.Warehouse.Schema;
using CxSemantic.Warehouse.Tests.PostgreSql;
using Microsoft.Data.SqlClient;
using NodaTime;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>
/// Against a real SQL Server (only with <c>CXSEM_SQLSERVER</c>; skipped otherwise): the load, the migrations, every
/// metric answering as on DuckDB over the same rows, and the engine's failures and cancellation.
/// </summary>
[Collection(SqlServerLiveGroup.Name)]
public sealed class SqlServerLiveTests(SqlServerLiveFixture fixture)
{
    public static TheoryData<string> Metrics => [.. PostgreSqlWarehouseFixture.Catalog.Metrics.Keys];

    [SqlServerFact]
    public async Task The_load_copies_every_row_records_the_migration_and_a_reload_replaces()
    {
        using var duck = fixture.DuckDb.Connect();
        foreach (var (table, rows) in fixture.Load.RowsPerTable)
        {
            Assert.Equal(duck.ExecuteScalar<long>($"SELECT count(*) FROM \"{table}\""), rows);
            Assert.Equal(rows, await CountAsync(table));
        }

        Assert.True(await SqlServerWarehouseLoader.HasWarehouseAsync(SqlServerLiveFixture.ConnectionString!));
        var again = await SqlServerWarehouseLoader.LoadFromDuckDbAsync(fixture.DuckDb, SqlServerLiveFixture.ConnectionString!);
        Assert.Equal(fixture.Load.RowsPerTable, again.RowsPerTable);
        Assert.Equal(fixture.Load.RowsPerTable.Single(t => t.Key == "interactions").Value, await CountAsync("interactions"));
        Assert.Equal(0L, await ScalarAsync<int>("SELECT count(*) FROM sys.schemas WHERE name = N'cxsem_staging'"));
        Assert.Equal(0L, await ScalarAsync<int>("SELECT count(*) FROM sys.foreign_keys WHERE is_not_trusted = 1 AND OBJECT_NAME(parent_object_id) IN ('interactions', 'turns')"));
    }

    [SqlServerTheory]
    [MemberData(nameof(Metrics))]
    public async Task Every_metric_answers_as_on_duckdb(string metric)
    {
        var query = new MetricQuery
        {
            Metrics = [metric],
            GroupBy = PostgreSqlWarehouseFixture.Catalog.Metrics[metric].Segmentation.Required,
            Time = new TimeWindow(new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), "Europe/Berlin", TimeGrain.Month),
            Caller = Caller.WithRole("cx_analyst"),
        };
        MetricQueryResult expected;
        try
        {
            expected = await fixture.OnDuckDb.ExecuteAsync(query);
        }
        catch (QueryException)
        {
            return; // refused by the compiler before any engine (SnapshotTests pins which)
        }

        MetricQueryResult actual;
        try
        {
            actual = await fixture.OnSqlServer.ExecuteAsync(query);
        }
        catch (QueryException refused) when (refused.Code == "UNSUPPORTED_BY_ENGINE")
        {
            return; // percentiles: T-SQL refuses them
        }

        Assert.Equal(Cells(expected), Cells(actual));
    }

    [SqlServerFact]
    public async Task A_missing_table_a_timeout_and_a_cancellation_are_told_apart()
    {
        var engine = new SqlServerSqlEngine(SqlServerLiveFixture.ConnectionString!) { CommandTimeoutSeconds = 1 };
        var missing = await Assert.ThrowsAsync<SqlEngineException>(() => engine.QueryAsync(new SqlText("SELECT x FROM no_such_table", []), CancellationToken.None));
        Assert.Equal(SqlEngineFailure.WarehouseMissing, missing.Failure);

        var slow = new SqlText("WAITFOR DELAY '00:00:05'; SELECT 1", []);
        var timeout = await Assert.ThrowsAsync<SqlEngineException>(() => engine.QueryAsync(slow, CancellationToken.None));
        Assert.Equal(SqlEngineFailure.StatementTimeout, timeout.Failure);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var patient = new SqlServerSqlEngine(SqlServerLiveFixture.ConnectionString!);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.QueryAsync(slow, cancel.Token));

        var rows = await patient.QueryAsync(new SqlText("SELECT @p0, @p1, @p2, @p3", [new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), new DateOnly(2026, 3, 29), 2.5m, "ü"]), CancellationToken.None);
        Assert.Equal([new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), new DateOnly(2026, 3, 29), 2.5m, "ü"], rows.Single());
        Assert.NotNull(await ((ISqlEngine)patient).ReadWatermarkAsync(CancellationToken.None));
    }

    [SqlServerFact]
    public async Task The_migrations_create_the_schema_in_an_empty_database()
    {
        var database = "cxsem_migrations_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await ScalarAsync<int>($"CREATE DATABASE [{database}]; SELECT 1");
        try
        {
            var builder = new SqlConnectionStringBuilder(SqlServerLiveFixture.ConnectionString) { InitialCatalog = database, Pooling = false };
            await using (var connection = new SqlConnection(builder.ConnectionString))
            {
                await connection.OpenAsync();
                await SqlServerWarehouseMigrations.ApplyAsync(connection);
                await using var command = new SqlCommand("SELECT count(*) FROM sys.tables WHERE name <> '__EFMigrationsHistory'", connection);
                Assert.Equal(WarehouseSchema.TableNames.Length, (int)(await command.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            await ScalarAsync<int>($"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; SELECT 1");
        }
    }

    /// <summary>Every cell and metric with its n, immature count and value to 9 significant digits.</summary>
    private static SortedDictionary<string, string> Cells(MetricQueryResult result)
    {
        var cells = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in result.Rows)
        {
            var key = (row.Period ?? "-") + "|" + string.Join("|", row.Dimensions.Select(d => Convert.ToString(d, CultureInfo.InvariantCulture)));
            foreach (var (metric, value) in row.Metrics)
            {
                cells[key + "|" + metric] = string.Create(CultureInfo.InvariantCulture, $"n={value.N} immature={value.Immature} value={value.Value:G9} suppressed={value.Suppressed}");
            }
        }

        return cells;
    }

    private static async Task<long> CountAsync(string table) => await ScalarAsync<int>($"SELECT count(*) FROM [{table}]");

    private static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqlConnection(SqlServerLiveFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
