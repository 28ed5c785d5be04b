using System.Collections.Immutable;
using System.Diagnostics;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Warehouse.Engines;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CxSemantic.Warehouse.Tests.DuckDb;

/// <summary>
/// What the warehouse's DuckDB layer promises on top of DuckDB.NET: the CLR types rows come back as (the compiler's
/// expectations), parameters bound with CxSemantic's meaning, cancellation that stops DuckDB, errors classed as before,
/// streamed reads, and one database instance per open file.
/// </summary>
public sealed class DuckDbEngineTests : IDisposable
{
    private readonly DuckDbDatabase _database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 2 });

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Every_column_type_the_compiler_reads_comes_back_as_the_same_CLR_type_and_value()
    {
        var engine = new DuckDbSqlEngine(_database, "test");
        var rows = await engine.QueryAsync(
            new SqlText(
                """
                SELECT 42::BIGINT, 7::INTEGER, sum(x), 12.345::DECIMAL(18,3), 0.25::DOUBLE, DATE '2026-03-29',
                       TIMESTAMP '2026-03-29 01:30:00.123456', TIMESTAMPTZ '2026-03-29 01:30:00.5+02', true, 'chat', NULL::VARCHAR,
                       170141183460469231731687303715884105727::HUGEINT
                FROM (VALUES (1::BIGINT), (2)) t(x)
                """,
                []),
            CancellationToken.None);

        var row = Assert.Single(rows);
        Assert.Equal(42L, Assert.IsType<long>(row[0]));
        Assert.Equal(7, Assert.IsType<int>(row[1]));
        Assert.Equal((Int128)3, Assert.IsType<Int128>(row[2]));
        Assert.Equal(12.345m, Assert.IsType<decimal>(row[3]));
        Assert.Equal(0.25, Assert.IsType<double>(row[4]));
        Assert.Equal(new DateOnly(2026, 3, 29), Assert.IsType<DateOnly>(row[5]));
        var plain = Assert.IsType<DateTime>(row[6]);
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Unspecified).AddTicks(1_234_560), plain);
        Assert.Equal(DateTimeKind.Unspecified, plain.Kind);
        var instant = Assert.IsType<DateTime>(row[7]);
        Assert.Equal(new DateTime(2026, 3, 28, 23, 30, 0, 500, DateTimeKind.Utc), instant);
        Assert.Equal(DateTimeKind.Utc, instant.Kind);
        Assert.Equal(true, row[8]);
        Assert.Equal("chat", row[9]);
        Assert.Null(row[10]);
        Assert.Equal(Int128.MaxValue, row[11]);
    }

    [Fact]
    public async Task A_UTC_DateTime_parameter_is_an_instant_and_the_session_zone_is_UTC()
    {
        var engine = new DuckDbSqlEngine(_database, "test");
        var at = new DateTime(2026, 3, 29, 0, 30, 0, DateTimeKind.Utc);
        var rows = await engine.QueryAsync(
            new SqlText(
                "SELECT typeof($1), $1 = TIMESTAMPTZ '2026-03-29 02:30:00+02', CAST($1 AS DATE), current_setting('TimeZone'), typeof($2), $3",
                [at, new DateOnly(2026, 3, 29), "voice"]),
            CancellationToken.None);

        Assert.Equal(["TIMESTAMP WITH TIME ZONE", true, new DateOnly(2026, 3, 29), "UTC", "DATE", "voice"], rows.Single());
    }

    [Fact]
    public async Task A_missing_table_is_WarehouseMissing_with_the_fix_in_the_message()
    {
        var engine = new DuckDbSqlEngine(_database, "empty.duckdb");
        var error = await Assert.ThrowsAsync<SqlEngineException>(
            () => engine.QueryAsync(new SqlText("SELECT count(*) FROM interactions WHERE channel = $1", ["chat"]), CancellationToken.None));

        Assert.Equal(SqlEngineFailure.WarehouseMissing, error.Failure);
        Assert.StartsWith("The DuckDB database empty.duckdb has no CxSemantic warehouse, or an outdated one (Catalog Error: Table with name interactions does not exist!", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Create one with `cxsem seed --out FILE.duckdb`.", error.Message, StringComparison.Ordinal);
        Assert.Equal(DuckDBErrorType.Catalog, Assert.IsType<DuckDBException>(error.InnerException).ErrorClass());
    }

    [Fact]
    public async Task Cancelling_stops_a_long_query_in_DuckDB_and_the_database_keeps_answering()
    {
        var engine = new DuckDbSqlEngine(_database, "test");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        // Minutes of work on two threads: only an interrupt inside DuckDB ends it this early.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => engine.QueryAsync(new SqlText("SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3", []), cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var rows = await engine.QueryAsync(new SqlText("SELECT 1 + 1", []), CancellationToken.None);
        Assert.Equal(2, rows.Single()[0]);
    }

    [Fact]
    public void A_streamed_result_yields_rows_before_the_statement_has_run_to_the_end()
    {
        using var connection = _database.Connect();

        // A trillion rows: a materialized result would never return; a streamed one hands over the first chunk.
        using (var result = DuckDbStreamingResult.Open(connection, "SELECT range AS x FROM range(1000000000000)", CancellationToken.None))
        {
            var read = new List<long>();
            while (read.Count < 3 && result.Read())
            {
                read.Add(result.Reader.GetInt64(0));
            }

            Assert.Equal([0L, 1L, 2L], read);
        }

        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT 1"));
    }

    [Fact]
    public void A_streamed_result_cancelled_while_read_reports_the_cancellation()
    {
        using var connection = _database.Connect();
        using var cancel = new CancellationTokenSource();

        // DuckDB.NET fetches the first chunk when the reader opens: an aggregate runs to its end there, so the
        // cancellation may arrive while opening or while reading; either way it is reported as one.
        cancel.CancelAfter(300);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var result = DuckDbStreamingResult.Open(connection, "SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3", cancel.Token);
            while (result.Read())
            {
            }
        });
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"DuckDB was not interrupted: {started.Elapsed}");
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT 1"));
    }

    [Fact]
    public void A_file_opened_again_while_open_is_read_afresh_as_a_database_of_its_own()
    {
        var folder = Directory.CreateTempSubdirectory("cxsem-duckdb-");
        try
        {
            var path = Path.Combine(folder.FullName, "w.duckdb");
            Write(path, "first");
            using var first = DuckDbDatabase.Open(path, new DuckDbConfig { ReadOnly = true });
            using var firstConnection = first.Connect();

            // Replaced the way `cxsem seed` replaces a warehouse: a new file moved over the old one.
            var next = Path.Combine(folder.FullName, "next.duckdb");
            Write(next, "second");
            File.Move(next, path, overwrite: true);

            using var second = DuckDbDatabase.Open(path, new DuckDbConfig { ReadOnly = true });
            using var secondConnection = second.Connect();
            Assert.Equal("first", firstConnection.ExecuteScalar<string>("SELECT v FROM t"));
            Assert.Equal("second", secondConnection.ExecuteScalar<string>("SELECT v FROM t"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        static void Write(string path, string value)
        {
            using var database = DuckDbDatabase.Open(path);
            using var connection = database.Connect();
            connection.ExecuteNonQuery("CREATE TABLE t AS SELECT $1 AS v", value);
        }
    }

    [Fact]
    public void Any_number_of_threads_query_one_database_each_on_its_own_connection()
    {
        using var connection = _database.Connect();
        connection.Execute("CREATE TABLE numbers AS SELECT range AS n FROM range(100000)");
        var sums = new long[8];
        Parallel.For(0, sums.Length, i =>
        {
            using var own = _database.Connect();
            sums[i] = own.ExecuteScalar<long>("SELECT sum(n) FROM numbers WHERE n % 8 = $1", (long)i);
        });

        Assert.Equal(Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, 100000).Where(n => n % 8 == i).Sum(n => (long)n)), sums);
    }
}
